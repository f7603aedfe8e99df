// The HTTP request-duration histogram, recorded on every request without allocating. prom-client's own Histogram
// hashes the label values on every observe (about 0.5 µs and a few objects); here each (route, method, status
// class) owns a preallocated bucket array, created at its first request, and prom-client reads them at scrape time.

type Labels = Record<string, string>;

/** One line of the exposition, in the shape prom-client's registry formats (its typings do not export it). */
interface Sample {
  metricName: string;
  labels: Record<string, string | number>;
  value: number;
}

export const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;

class Series {
  /** counts[i]: observations in (bounds[i-1], bounds[i]]; the last slot is above every bound (+Inf). */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(
    readonly labels: Labels,
    buckets: number,
  ) {
    this.counts = new Float64Array(buckets + 1);
  }
}

export class RouteLatencyHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  /** route → method → series by status class */
  private readonly series = new Map<string, Map<string, (Series | undefined)[]>>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly bounds: readonly number[],
  ) {}

  observe(route: string, method: string, status: number, seconds: number): void {
    const statusIndex = status >= 100 && status < 600 ? Math.floor(status / 100) - 1 : 4;
    const series = this.seriesFor(route, method, statusIndex);
    const bounds = this.bounds;
    let bucket = 0;
    while (bucket < bounds.length && seconds > bounds[bucket]!) bucket++;
    series.counts[bucket]!++;
    series.sum += seconds;
    series.count++;
  }

  /** What prom-client's registry formats: cumulative `_bucket` samples per `le`, then `_sum` and `_count`. */
  get(): { name: string; help: string; type: string; values: Sample[]; aggregator: string } {
    const values: Sample[] = [];
    for (const byMethod of this.series.values()) {
      for (const byStatus of byMethod.values()) {
        for (const series of byStatus) if (series) this.samplesOf(series, values);
      }
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  reset(): void {
    this.series.clear();
  }

  private seriesFor(route: string, method: string, statusIndex: number): Series {
    let byMethod = this.series.get(route);
    if (!byMethod) this.series.set(route, (byMethod = new Map()));
    let byStatus = byMethod.get(method);
    if (!byStatus) byMethod.set(method, (byStatus = new Array<Series | undefined>(STATUS_CLASSES.length)));
    return (byStatus[statusIndex] ??= new Series(
      { method, route, status_class: STATUS_CLASSES[statusIndex]! },
      this.bounds.length,
    ));
  }

  private samplesOf(series: Series, values: Sample[]): void {
    let cumulative = 0;
    this.bounds.forEach((bound, index) => {
      cumulative += series.counts[index]!;
      values.push({
        metricName: `${this.name}_bucket`,
        labels: { le: bound, ...series.labels },
        value: cumulative,
      });
    });
    values.push({
      metricName: `${this.name}_bucket`,
      labels: { le: '+Inf', ...series.labels },
      value: series.count,
    });
    values.push({ metricName: `${this.name}_sum`, labels: series.labels, value: series.sum });
    values.push({ metricName: `${this.name}_count`, labels: series.labels, value: series.count });
  }
}

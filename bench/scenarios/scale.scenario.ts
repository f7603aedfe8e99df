import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { SCALE_SERIES } from '../scale/index.js';
import { capturePlans } from '../scale/plans.js';
import {
  dataTable,
  metricNotes,
  metricsTable,
  plansTable,
  type SeriesResult,
  sizeLabel,
} from '../scale/report.js';
import type { MetricGroup, ScalePoint, ScaleSeries, ScaleServers } from '../scale/series.js';
import type { Chart } from '../support/charts.js';
import { deployedVariants, startHearth } from '../support/hearth.js';
import { PgCaptureProxy } from '../support/pg-capture-proxy.js';
import { runDescription } from '../support/report.js';
import type { BenchContext, BenchScenario, ScenarioResult } from '../support/scenario.js';

// Cost against data size: a database of its own grows (with SQL, not the API) through the sizes of each series,
// and at each size the same requests are measured on Hearth as deployed and their SQL is EXPLAINed.

export interface ScaleData {
  /** The Hearth deployment measured (Redis-backed when REDIS_URL is set). */
  variant: string;
  explainTimeoutMs: number;
  series: SeriesResult[];
}

const EXPLAIN_TIMEOUT_MS = Number(process.env.BENCH_EXPLAIN_TIMEOUT_MS ?? 30_000);

async function measureSize(
  series: ScaleSeries,
  servers: ScaleServers,
  proxy: PgCaptureProxy,
  size: number,
): Promise<ScalePoint> {
  const { db, log } = servers;
  log(`${series.id}: growing to ${size.toLocaleString('en-US')} ${series.unit}`);
  const started = performance.now();
  await series.grow(db, size, log);
  const growSeconds = (performance.now() - started) / 1_000;
  const tables = await series.describe(db);
  const metrics = await series.measure(servers, size);
  for (const metric of metrics) {
    const value = metric.value === null ? metric.note : `${metric.value.toFixed(1)} ${metric.unit}`;
    log(`  ${metric.label}: ${value}`);
  }
  log(`  capturing and explaining the hot requests' SQL`);
  const plans = await capturePlans(proxy, await series.hotRequests(servers, size), db, EXPLAIN_TIMEOUT_MS);
  return { size, growSeconds, tables, metrics, plans };
}

export const scaleScenario: BenchScenario<ScaleData> = {
  id: 'scale',
  title: 'Scale: cost against table size (posts from a thousand to a million)',

  async run({ settings, processes, database, log }: BenchContext): Promise<ScaleData> {
    const url = await database.createDatabase('scale');
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const target = new URL(url);
    const proxy = new PgCaptureProxy(target.hostname, Number(target.port || 5432));
    try {
      const proxiedUrl = await proxy.start(url);
      const variant = deployedVariants().at(-1)!;
      log(`starting ${variant.target} on the scale database, and a second one behind the SQL capture proxy`);
      const measured = await startHearth(
        processes,
        database,
        { ...variant.env, DATABASE_URL: url },
        { name: 'scale' },
      );
      // No upload sweeper: its periodic DELETE would land among a request's captured statements.
      const captured = await startHearth(
        processes,
        database,
        { ...variant.env, DATABASE_URL: proxiedUrl, UPLOAD_SWEEP_INTERVAL_SECONDS: '0' },
        { name: 'scale-capture' },
      );
      const servers: ScaleServers = { measured, captured, db, settings, log };
      const results: SeriesResult[] = [];
      for (const series of SCALE_SERIES) {
        const points: ScalePoint[] = [];
        for (const size of series.sizes(settings))
          points.push(await measureSize(series, servers, proxy, size));
        results.push({ id: series.id, title: series.title, unit: series.unit, points });
      }
      return { variant: variant.target, explainTimeoutMs: EXPLAIN_TIMEOUT_MS, series: results };
    } finally {
      await db.end();
      await proxy.close();
    }
  },

  charts(result: ScenarioResult<ScaleData>): Chart[] {
    return result.data.series.flatMap((series) => seriesCharts(series));
  },

  render(result: ScenarioResult<ScaleData>): string {
    const { data } = result;
    return [
      `## ${result.title}`,
      '',
      runDescription(result),
      `- Server: ${data.variant}, as deployed (production, info logs, limiter on); single requests are sent one at ` +
        'a time and reported as the median of several, after one unmeasured request.',
      '',
      ...data.series.flatMap((series) => [
        `### ${series.title}`,
        '',
        dataTable(series),
        '',
        metricsTable(series),
        '',
        ...metricNotes(series),
        '',
        `#### SQL of the hot requests: EXPLAIN (ANALYZE, BUFFERS) execution time and access paths`,
        '',
        plansTable(series),
        '',
      ]),
      'Data is generated in the database with `generate_series` (bench/scale/posts-data.ts): 10 % drafts, bodies ' +
        'of 1–4 paragraphs (about 100 words) from a Zipf-skewed vocabulary (so full-text search meets common and rare terms as in ' +
        'prose), 0–4 likes per published post with matching counters, one `post_created` event per published post, ' +
        'a user per hundred posts with a few cart lines each; then `VACUUM ANALYZE`. The SQL shown is what Hearth ' +
        'sent for each request, captured on the wire by a proxy in front of a second Hearth instance, and run ' +
        `again under \`EXPLAIN (ANALYZE, BUFFERS)\` in a rolled-back transaction (at most ${data.explainTimeoutMs / 1000} s; ` +
        'a statement that cannot run twice, such as an insert of a key already taken, gets its plan without ' +
        'ANALYZE). Full plans and parameters: `bench/results/scale/latest.json`.',
      '',
      'What keeps these costs flat: v1 `total_entries` reads the `post_counters` row that triggers on `posts` keep ' +
        'exact in the writing transaction (no `count(*)`); v1 pages past 2,000 rows read their ids from the ' +
        '`(published, created_at, id)` index alone, from whichever end of the list is nearer, then the rows by id; ' +
        'search reads the stored, GIN-indexed `posts.search_vector`. What still grows: ranking touches every ' +
        'matching post (`ts_rank` over the stored vectors), so a search costs in proportion to its hits, and a page ' +
        'in the middle of the list walks half of the index.',
    ].join('\n');
  },
};

const CHART_TITLES: Record<MetricGroup, (unit: string) => [string, string]> = {
  throughput: (unit) => [`Throughput by ${unit} in the table (req/s)`, 'req/s'],
  reads: (unit) => [`Single-request latency by ${unit} in the table (ms)`, 'ms'],
  search: () => ['Search job, enqueue to finished (ms; 0 = did not finish)', 'ms'],
  writes: (unit) => [`Per-request writes by ${unit} in the table (ms)`, 'ms'],
};

/** One bar chart per metric group: a bar per metric and size. */
function seriesCharts(series: SeriesResult): Chart[] {
  const metrics = series.points.flatMap((point) => point.metrics);
  const groups = [...new Set(metrics.map((metric) => metric.group))];
  return groups.map((group) => {
    const ids = [...new Set(metrics.filter((metric) => metric.group === group).map((metric) => metric.id))];
    const [title, yLabel] = CHART_TITLES[group](series.unit);
    return {
      kind: 'bar' as const,
      file: `scale-${series.id}-${group}`,
      title,
      yLabel,
      categories: ids.map((id) => metrics.find((metric) => metric.id === id)!.label),
      series: series.points.map((point) => ({
        name: `${sizeLabel(point.size)} ${series.unit}`,
        values: ids.map((id) => {
          const value = point.metrics.find((metric) => metric.id === id)?.value ?? null;
          return value === null ? 0 : Math.round(value * 10) / 10;
        }),
      })),
    };
  });
}

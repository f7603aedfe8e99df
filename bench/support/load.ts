import autocannon from 'autocannon';
import type { BenchSettings } from './settings.js';

/** One measured run of one route on one target, reduced to what the report shows (latencies in ms). */
export interface LoadResult {
  target: string;
  route: string;
  url: string;
  requestsPerSecond: number;
  latencyAverageMs: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  throughputBytesPerSecond: number;
  totalRequests: number;
  /** Connection errors and timeouts plus every non-2xx answer: anything but a successful response. */
  errors: number;
  non2xx: number;
  timeouts: number;
  durationSeconds: number;
  connections: number;
}

/**
 * A short unmeasured run (warm JIT, pools, caches), then the measured one with the configured settings; every
 * request carries `headers`.
 */
export async function measure(
  target: string,
  route: string,
  url: string,
  settings: BenchSettings,
  headers: Record<string, string> = {},
): Promise<LoadResult> {
  const options = {
    url,
    headers,
    connections: settings.connections,
    pipelining: settings.pipelining,
    timeout: 10,
  };
  if (settings.warmupSeconds > 0) await autocannon({ ...options, duration: settings.warmupSeconds });
  const result = await autocannon({
    ...options,
    duration: settings.durationSeconds,
    title: `${target} ${route}`,
  });
  return {
    target,
    route,
    url,
    requestsPerSecond: result.requests.average,
    latencyAverageMs: result.latency.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
    throughputBytesPerSecond: result.throughput.average,
    totalRequests: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx,
    non2xx: result.non2xx,
    timeouts: result.timeouts,
    durationSeconds: result.duration,
    connections: result.connections,
  };
}

/** The middle value (the mean of the two middle values for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * One row for several rounds of the same target and route: the median of each rate and latency, the sums of the
 * counts. With two rounds the median is their mean.
 */
export function combineRounds(runs: readonly LoadResult[]): LoadResult {
  const pick = (of: (row: LoadResult) => number) => median(runs.map(of));
  const sum = (of: (row: LoadResult) => number) => runs.reduce((total, row) => total + of(row), 0);
  return {
    ...runs[0],
    requestsPerSecond: pick((row) => row.requestsPerSecond),
    latencyAverageMs: pick((row) => row.latencyAverageMs),
    latencyP50Ms: pick((row) => row.latencyP50Ms),
    latencyP99Ms: pick((row) => row.latencyP99Ms),
    latencyMaxMs: Math.max(...runs.map((row) => row.latencyMaxMs)),
    throughputBytesPerSecond: pick((row) => row.throughputBytesPerSecond),
    totalRequests: sum((row) => row.totalRequests),
    errors: sum((row) => row.errors),
    non2xx: sum((row) => row.non2xx),
    timeouts: sum((row) => row.timeouts),
    durationSeconds: sum((row) => row.durationSeconds),
  };
}

/** The mean throughput of the rows measuring `route` on `target` (one per round). */
export function meanRequestsPerSecond(rows: readonly LoadResult[], target: string, route: string): number {
  const matching = rows.filter((row) => row.target === target && row.route === route);
  return matching.reduce((sum, row) => sum + row.requestsPerSecond, 0) / Math.max(1, matching.length);
}

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

/** A short unmeasured run (warm JIT, pools, caches), then the measured one with the configured settings. */
export async function measure(
  target: string,
  route: string,
  url: string,
  settings: BenchSettings,
): Promise<LoadResult> {
  const options = { url, connections: settings.connections, pipelining: settings.pipelining, timeout: 10 };
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

// Benchmark knobs, all from the environment so a run can be repeated exactly.

export interface BenchSettings {
  /** Measured seconds per target and route (BENCH_DURATION). */
  durationSeconds: number;
  /** Concurrent connections autocannon keeps open (BENCH_CONNECTIONS). */
  connections: number;
  /** Unmeasured seconds of load before each measured run, so JIT and pools are warm (BENCH_WARMUP). */
  warmupSeconds: number;
  /** Requests in flight per connection (BENCH_PIPELINING). */
  pipelining: number;
  /** Published posts in the benchmark database; demo data is topped up to this (BENCH_POSTS). */
  posts: number;
  /** Only these scenario ids (BENCH_SCENARIOS=posts-read,...); all when unset. */
  only: string[] | null;
  /** Skip `npm run build` when dist/ is already fresh (BENCH_SKIP_BUILD=true). */
  skipBuild: boolean;
}

function integer(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
  }
  return value;
}

export function loadBenchSettings(): BenchSettings {
  const only = process.env.BENCH_SCENARIOS?.split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  return {
    durationSeconds: integer('BENCH_DURATION', 10, 1, 3_600),
    connections: integer('BENCH_CONNECTIONS', 50, 1, 10_000),
    warmupSeconds: integer('BENCH_WARMUP', 2, 0, 600),
    pipelining: integer('BENCH_PIPELINING', 1, 1, 100),
    posts: integer('BENCH_POSTS', 1_000, 1, 1_000_000),
    only: only && only.length > 0 ? only : null,
    skipBuild: process.env.BENCH_SKIP_BUILD === 'true',
  };
}

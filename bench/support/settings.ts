// Benchmark knobs, all from the environment (and scenario ids from the command line) so a run can be repeated
// exactly.

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
  /** Rounds in which side-by-side targets take turns under load (BENCH_ROUNDS). */
  rounds: number;
  /** Post-table sizes the scale scenario charts cost against (BENCH_SCALE_SIZES=1000,100000,1000000). */
  scaleSizes: number[];
  /** Only these scenario ids (`npm run bench -- posts-read scale`, or BENCH_SCENARIOS=...); all when unset. */
  only: string[] | null;
  /** Skip `npm run build` when dist/ is already fresh (BENCH_SKIP_BUILD=true). */
  skipBuild: boolean;
  /** Run nothing, only regenerate the markdown from the saved results (`npm run bench -- --render-only`). */
  renderOnly: boolean;
}

function integer(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  return checkedInteger(name, raw, min, max);
}

function checkedInteger(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
  }
  return value;
}

function integerList(name: string, fallback: number[], min: number, max: number): number[] {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const values = raw.split(',').map((item) => checkedInteger(name, item.trim(), min, max));
  return [...new Set(values)].sort((a, b) => a - b);
}

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
}

/** `args`: the command line after `npm run bench --`; scenario ids there win over BENCH_SCENARIOS. */
export function loadBenchSettings(args: readonly string[] = []): BenchSettings {
  const fromArgs = args.filter((arg) => !arg.startsWith('--')).flatMap((arg) => list(arg));
  const only = fromArgs.length > 0 ? fromArgs : list(process.env.BENCH_SCENARIOS);
  return {
    durationSeconds: integer('BENCH_DURATION', 10, 1, 3_600),
    connections: integer('BENCH_CONNECTIONS', 50, 1, 10_000),
    warmupSeconds: integer('BENCH_WARMUP', 2, 0, 600),
    pipelining: integer('BENCH_PIPELINING', 1, 1, 100),
    posts: integer('BENCH_POSTS', 1_000, 1, 1_000_000),
    rounds: integer('BENCH_ROUNDS', 2, 1, 20),
    scaleSizes: integerList('BENCH_SCALE_SIZES', [1_000, 100_000, 1_000_000], 100, 10_000_000),
    only: only.length > 0 ? only : null,
    skipBuild: process.env.BENCH_SKIP_BUILD === 'true',
    renderOnly: args.includes('--render-only'),
  };
}

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import autocannon, { type Result } from 'autocannon';
import { deployedVariants } from './hearth.js';
import { describeMachine } from './machine.js';
import type { ProcessRegistry } from './processes.js';

// What the bench entry points share: how they run (bench/run.ts too), and for the profilers (bench/profile.ts,
// bench/perf-profile.ts) the routes they load, which Hearth they profile and where they write.

export const PROFILED_ROUTES = {
  health: () => '/health',
  post: (postId: number) => `/api/v2/posts/${postId}`,
  page: () => '/api/v1/posts?page=1',
} as const;
export type ProfiledRoute = keyof typeof PROFILED_ROUTES;

/** The routes named on the command line (all when none), refusing unknown ones. */
export function profiledRoutes(args: readonly string[]): ProfiledRoute[] {
  const asked = args.filter((arg) => !arg.startsWith('--'));
  const names = asked.length > 0 ? asked : Object.keys(PROFILED_ROUTES);
  const unknown = names.filter((name) => !(name in PROFILED_ROUTES));
  if (unknown.length > 0)
    throw new Error(
      `unknown routes ${unknown.join(', ')} (known: ${Object.keys(PROFILED_ROUTES).join(', ')})`,
    );
  return names as ProfiledRoute[];
}

/** As deployed with Redis when REDIS_URL is set; BENCH_PROFILE_LIMITER=in-process for the single-instance setup. */
export function profiledVariant(): ReturnType<typeof deployedVariants>[number] {
  const variants = deployedVariants();
  return process.env.BENCH_PROFILE_LIMITER === 'in-process' ? variants[0] : variants.at(-1)!;
}

/** A fresh directory for this run under BENCH_PROFILE_DIR, or under .data/bench/<kind>. */
export async function profileOutputDir(kind: string): Promise<string> {
  const dir = path.join(
    process.env.BENCH_PROFILE_DIR?.trim() || path.join('.data', 'bench', kind),
    new Date().toISOString().replace(/[:.]/g, '-'),
  );
  await mkdir(dir, { recursive: true });
  return dir;
}

/**
 * Writes a profiler's report to `dir`/breakdown.md and prints it: `title`, a line on when and where (with
 * `settings`, what the run was), then `sections`.
 */
export async function writeProfileReport(
  dir: string,
  title: string,
  settings: string,
  sections: readonly string[],
): Promise<void> {
  const machine = describeMachine();
  const report = [
    `# ${title}`,
    '',
    `- ${new Date().toISOString()}; ${machine.cpuCores} cores, load average ${machine.loadAverage} at the end; ` +
      `Node ${machine.nodeVersion}; ${settings}.`,
    '',
    ...sections,
  ].join('\n');
  const file = path.join(dir, 'breakdown.md');
  await writeFile(file, report);
  console.log(report);
  console.log(`wrote ${file}`);
}

/** Loads `url` for `seconds`; any failed request fails the run. */
export async function loadWithoutFailures(
  url: string,
  seconds: number,
  connections: number,
): Promise<Result> {
  const result = await autocannon({ url, connections, duration: seconds, timeout: 10 });
  if (result.errors + result.timeouts + result.non2xx > 0)
    throw new Error(`failed requests while loading ${url}`);
  return result;
}

/** Runs an entry point: child processes stop on a signal, on failure and at exit. */
export function runEntryPoint(tag: string, processes: ProcessRegistry, main: () => Promise<void>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.log(`[${tag}] ${signal}: stopping child processes`);
      void processes.stopAll().finally(() => process.exit(130));
    });
  }
  process.on('exit', () => processes.signalAll());
  main()
    .then(() => process.exit(0))
    .catch(async (error: unknown) => {
      console.error(`[${tag}] failed:`, error instanceof Error ? error.message : error);
      await processes.stopAll();
      process.exit(1);
    });
}

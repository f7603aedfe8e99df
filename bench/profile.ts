import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { assertDeployed } from './support/checks.js';
import { breakDown, breakdownMarkdown } from './support/cpu-profile.js';
import {
  loadWithoutFailures,
  PROFILED_ROUTES,
  type ProfiledRoute,
  profiledRoutes,
  profiledVariant,
  profileOutputDir,
  runEntryPoint,
  writeProfileReport,
} from './support/entry-points.js';
import { prepareBenchDatabase } from './support/database.js';
import { newestPublishedPostId, startHearth, topUpPublishedPosts } from './support/hearth.js';
import { type CpuProfile, Inspector } from './support/inspector.js';
import { freePort, ProcessRegistry } from './support/processes.js';
import { loadBenchSettings } from './support/settings.js';

// `npm run bench:profile [-- health post page]` (or `-- --from=<dir>` to re-read profiles taken before): Hearth as deployed under autocannon load, one process per route,
// with the V8 CPU profiler running for exactly the loaded window (after a warm-up). Writes each .cpuprofile (open it
// in Chrome DevTools) and a breakdown by package group to .data/bench/profiles/<time>/ (BENCH_PROFILE_DIR).
// Proportions survive a busy machine better than absolute rates, which this does not report as results.

const SAMPLING_INTERVAL_US = 250;
const processes = new ProcessRegistry();
const log = (message: string) => console.log(`[profile] ${message}`);

async function load(url: string, seconds: number, connections: number): Promise<number> {
  return (await loadWithoutFailures(url, seconds, connections)).requests.average;
}

async function profileRoute(
  name: ProfiledRoute,
  route: string,
  env: NodeJS.ProcessEnv,
  context: {
    database: Awaited<ReturnType<typeof prepareBenchDatabase>>;
    seconds: number;
    connections: number;
  },
): Promise<{ profile: CpuProfile; requestsPerSecond: number }> {
  const port = await freePort();
  const hearth = await startHearth(processes, context.database, env, {
    name: `profile-${name}`,
    nodeArgs: [`--inspect=127.0.0.1:${port}`],
  });
  try {
    await assertDeployed(hearth, '/api/v1/posts?page=1');
    const url = `${hearth.baseUrl}${route}`;
    await load(url, Math.max(3, Math.round(context.seconds / 3)), context.connections);
    const inspector = await Inspector.connect(port);
    try {
      await inspector.send('Profiler.enable');
      await inspector.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
      await inspector.send('Profiler.start');
      const requestsPerSecond = await load(url, context.seconds, context.connections);
      const { profile } = await inspector.send<{ profile: CpuProfile }>('Profiler.stop');
      return { profile, requestsPerSecond };
    } finally {
      inspector.close();
    }
  } finally {
    await processes.stop(hearth.process);
  }
}

/** `--from=<dir>`: the breakdown of profiles already taken (e.g. after changing the grouping). */
async function reanalyze(dir: string): Promise<void> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.cpuprofile')).sort();
  const sections = [];
  for (const file of files) {
    const profile = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as CpuProfile;
    sections.push(breakdownMarkdown(file, breakDown(profile)));
  }
  const report = [`# CPU profiles in ${dir}`, '', ...sections].join('\n');
  await writeFile(path.join(dir, 'breakdown-reanalyzed.md'), report);
  console.log(report);
}

async function main(): Promise<void> {
  const from = process.argv.find((arg) => arg.startsWith('--from='));
  if (from) return reanalyze(from.slice('--from='.length));
  const settings = loadBenchSettings();
  const names = profiledRoutes(process.argv.slice(2));
  const seconds = Number(process.env.BENCH_PROFILE_SECONDS ?? 15);
  const variant = profiledVariant();
  const dir = await profileOutputDir('profiles');
  if (!settings.skipBuild) await processes.run('build', 'npm', ['run', 'build', '--silent']);
  const database = await prepareBenchDatabase();
  const sections: string[] = [];
  try {
    await topUpPublishedPosts(database.url, settings.posts);
    const postId = await newestPublishedPostId(database.url);
    for (const name of names) {
      const route = PROFILED_ROUTES[name](postId);
      log(
        `${variant.target}: profiling GET ${route} for ${seconds} s under ${settings.connections} connections`,
      );
      const { profile, requestsPerSecond } = await profileRoute(name, route, variant.env, {
        database,
        seconds,
        connections: settings.connections,
      });
      const file = path.join(dir, `${name}.cpuprofile`);
      await writeFile(file, JSON.stringify(profile));
      sections.push(
        breakdownMarkdown(`GET ${route}`, breakDown(profile), [
          `- ${Math.round(requestsPerSecond)} req/s while profiled (profiling and a busy machine both slow it; compare shares, not rates); profile: \`${file}\`.`,
        ]),
      );
    }
  } finally {
    await processes.stopAll();
    await database.dispose();
  }
  await writeProfileReport(
    dir,
    `CPU profile of Hearth as deployed (${variant.target})`,
    `${settings.connections} connections; sampling every ${SAMPLING_INTERVAL_US} µs`,
    sections,
  );
}

runEntryPoint('profile', processes, main);

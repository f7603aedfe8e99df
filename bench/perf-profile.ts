import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { assertDeployed } from './support/checks.js';
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
import { countSamplesByGroup } from './support/perf-samples.js';
import { ProcessRegistry } from './support/processes.js';
import { loadBenchSettings } from './support/settings.js';
import { buildPlainNest, PLAIN, startPlainNest } from './support/targets.js';

// `npm run bench:perf [-- health post page]`: CPU per request of Hearth as deployed and of the plain Nest + Prisma
// app, split by package group, from Linux `perf` (Debian's linux-perf) rather than V8's sampler, which cannot see
// inside system calls. Both servers run side by side and take turns under the same autocannon load
// (BENCH_ROUNDS rounds of BENCH_PROFILE_SECONDS); CPU per request comes from /proc, its split from perf's samples.
// Writes breakdown.md to .data/bench/perf/<time>/ (BENCH_PROFILE_DIR).

// JIT code named through jitdump files (`perf inject --jit`): names stay right when V8 moves or reuses code.
const PERF_NODE_ARGS = ['--perf-prof', '--interpreted-frames-native-stack'];
const SAMPLES_PER_SECOND = 999;
const CLOCK_TICKS_PER_SECOND = 100;
const HEARTH = 'Hearth';
const processes = new ProcessRegistry();
const log = (message: string) => console.log(`[perf] ${message}`);

interface Server {
  readonly name: string;
  readonly baseUrl: string;
  readonly pid: number;
}

interface Measurement {
  cpuMicrosPerRequest: number;
  requestsPerSecond: number;
  samplesByGroup: Map<string, number>;
}

/** utime + stime of a process, in clock ticks. */
async function cpuTicks(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function runCommand(command: string, args: string[], stdoutFile?: string): Promise<void> {
  const stdout = stdoutFile ? openSync(stdoutFile, 'w') : 'ignore';
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', stdout, 'pipe'] });
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} ${args[0]} failed (${code}): ${errors.slice(-800)}`)),
    );
  }).finally(() => typeof stdout === 'number' && closeSync(stdout));
}

async function load(url: string, seconds: number, connections: number): Promise<number> {
  return (await loadWithoutFailures(url, seconds, connections)).requests.total;
}

/** One loaded window of `server`: perf records it while autocannon runs, /proc gives its CPU time. */
async function measure(
  server: Server,
  route: string,
  file: string,
  settings: { seconds: number; connections: number },
): Promise<Measurement> {
  const recorded = runCommand('perf', [
    'record',
    ...['-k', '1', '-g', '-F', String(SAMPLES_PER_SECOND), '-p', String(server.pid), '-o', `${file}.data`],
    ...['--', 'sleep', String(settings.seconds)],
  ]);
  let requests: number;
  let cpuSeconds: number;
  try {
    const ticksBefore = await cpuTicks(server.pid);
    requests = await load(`${server.baseUrl}${route}`, settings.seconds, settings.connections);
    cpuSeconds = ((await cpuTicks(server.pid)) - ticksBefore) / CLOCK_TICKS_PER_SECOND;
  } finally {
    await recorded;
  }
  await runCommand('perf', ['inject', '--jit', '-i', `${file}.data`, '-o', `${file}.jit.data`]);
  await runCommand('perf', ['script', '-i', `${file}.jit.data`, '-F', 'comm,tid,ip,sym,dso'], `${file}.txt`);
  const samplesByGroup = countSamplesByGroup(await readFile(`${file}.txt`, 'utf8'));
  await Promise.all(
    [`${file}.data`, `${file}.jit.data`, `${file}.txt`].map((done) => rm(done, { force: true })),
  );
  return {
    cpuMicrosPerRequest: (cpuSeconds * 1e6) / requests,
    requestsPerSecond: requests / settings.seconds,
    samplesByGroup,
  };
}

/**
 * The jitdump files and V8 logs (`isolate-<address>-<pid>-v8.log`) that `--perf-prof` writes, and the code objects
 * `perf inject` extracts, land in the server's working directory.
 */
async function removePerfFiles(pids: readonly number[]): Promise<void> {
  const names = await readdir('.');
  const ours = names.filter((name) =>
    pids.some(
      (pid) =>
        name === `jit-${pid}.dump` ||
        (name.startsWith(`jitted-${pid}-`) && name.endsWith('.so')) ||
        (name.startsWith('isolate-') && name.endsWith(`-${pid}-v8.log`)),
    ),
  );
  await Promise.all(ours.map((name) => rm(name, { force: true })));
}

/** Mean CPU µs per request of each group over the rounds of one server. */
function microsByGroup(measurements: readonly Measurement[]): Map<string, number> {
  const micros = new Map<string, number>();
  for (const { cpuMicrosPerRequest, samplesByGroup } of measurements) {
    const samples = [...samplesByGroup.values()].reduce((sum, count) => sum + count, 0);
    for (const [group, count] of samplesByGroup) {
      const share = (count / samples) * cpuMicrosPerRequest;
      micros.set(group, (micros.get(group) ?? 0) + share / measurements.length);
    }
  }
  return micros;
}

const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const micros = (value: number | undefined) => (value ?? 0).toFixed(1);

function routeSection(route: string, hearth: Measurement[], plain: Measurement[]): string {
  const hearthMicros = microsByGroup(hearth);
  const plainMicros = microsByGroup(plain);
  const groups = [...new Set([...hearthMicros.keys(), ...plainMicros.keys()])]
    .map((group) => ({ group, hearth: hearthMicros.get(group) ?? 0, plain: plainMicros.get(group) ?? 0 }))
    .filter((row) => Math.max(row.hearth, row.plain) >= 0.05)
    .sort((a, b) => b.hearth - b.plain - (a.hearth - a.plain));
  const hearthCpu = mean(hearth.map((m) => m.cpuMicrosPerRequest));
  const plainCpu = mean(plain.map((m) => m.cpuMicrosPerRequest));
  return [
    `### GET ${route}`,
    '',
    `- ${HEARTH}: ${micros(hearthCpu)} µs of CPU per request (${hearth.map((m) => Math.round(m.requestsPerSecond)).join(', ')} req/s); ` +
      `${PLAIN}: ${micros(plainCpu)} µs (${plain.map((m) => Math.round(m.requestsPerSecond)).join(', ')} req/s); ` +
      `${HEARTH} at ${((plainCpu / hearthCpu) * 100).toFixed(0)} % of plain by CPU per request.`,
    '',
    `| group (µs of CPU per request; natives and Node internals counted for their caller) | ${HEARTH} | plain | difference |`,
    '|---|---:|---:|---:|',
    ...groups.map(
      (row) =>
        `| ${row.group} | ${micros(row.hearth)} | ${micros(row.plain)} | ${micros(row.hearth - row.plain)} |`,
    ),
    `| **total** | **${micros(hearthCpu)}** | **${micros(plainCpu)}** | **${micros(hearthCpu - plainCpu)}** |`,
    '',
  ].join('\n');
}

async function profileRoute(
  name: ProfiledRoute,
  route: string,
  context: {
    database: Awaited<ReturnType<typeof prepareBenchDatabase>>;
    env: NodeJS.ProcessEnv;
    dir: string;
    rounds: number;
    seconds: number;
    connections: number;
  },
): Promise<string> {
  const hearth = await startHearth(processes, context.database, context.env, {
    name: `perf-${name}`,
    nodeArgs: PERF_NODE_ARGS,
  });
  const plain = await startPlainNest(processes, context.database, 10, false, PERF_NODE_ARGS);
  const servers: Server[] = [
    { name: HEARTH, baseUrl: hearth.baseUrl, pid: hearth.process.child.pid! },
    { name: PLAIN, baseUrl: plain.baseUrl, pid: plain.process.child.pid! },
  ];
  try {
    await assertDeployed(hearth, '/api/v1/posts?page=1');
    for (const server of servers) await load(`${server.baseUrl}${route}`, 3, context.connections);
    const results = new Map<string, Measurement[]>(servers.map((server) => [server.name, []]));
    for (let round = 0; round < context.rounds; round += 1) {
      for (const server of round % 2 === 0 ? servers : [...servers].reverse()) {
        log(`round ${round + 1}/${context.rounds}: ${server.name}, GET ${route}`);
        const file = path.join(
          context.dir,
          `${name}-${server.name === HEARTH ? 'hearth' : 'plain'}-${round}`,
        );
        results.get(server.name)!.push(await measure(server, route, file, context));
      }
    }
    return routeSection(route, results.get(HEARTH)!, results.get(PLAIN)!);
  } finally {
    await processes.stop(hearth.process);
    await processes.stop(plain.process);
    await removePerfFiles(servers.map((server) => server.pid));
  }
}

async function main(): Promise<void> {
  await runCommand('perf', ['--version']).catch(() => {
    throw new Error('perf is not installed (Debian: apt-get install linux-perf)');
  });
  const settings = loadBenchSettings();
  const names = profiledRoutes(process.argv.slice(2));
  const seconds = Number(process.env.BENCH_PROFILE_SECONDS ?? 8);
  const variant = profiledVariant();
  const dir = await profileOutputDir('perf');
  if (!settings.skipBuild) await processes.run('build', 'npm', ['run', 'build', '--silent']);
  await buildPlainNest(processes);
  const database = await prepareBenchDatabase();
  const sections: string[] = [];
  try {
    await topUpPublishedPosts(database.url, settings.posts);
    const postId = await newestPublishedPostId(database.url);
    for (const name of names) {
      const context = {
        database,
        env: variant.env,
        dir,
        rounds: settings.rounds,
        seconds,
        connections: settings.connections,
      };
      sections.push(await profileRoute(name, PROFILED_ROUTES[name](postId), context));
    }
  } finally {
    await processes.stopAll();
    await database.dispose();
  }
  await writeProfileReport(
    dir,
    `CPU per request by perf: ${variant.target} vs. ${PLAIN}`,
    `${settings.connections} connections; ${settings.rounds} alternating round${settings.rounds === 1 ? '' : 's'} of ${seconds} s; ${SAMPLES_PER_SECOND} samples a second`,
    sections,
  );
}

runEntryPoint('perf', processes, main);

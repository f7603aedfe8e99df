import type { CpuProfile, CpuProfileNode } from './inspector.js';

// Reads a V8 CPU profile as "where does a request's CPU go": self time per package group (helmet, rxjs, pino,
// Prisma, ...) and the top functions. Natives and Node internals (JSON.stringify, crypto, streams) count for the
// package that called them, so pino's JSON and the ETag's hashing land where they belong.

/** Package groups, first match wins; `dist/` paths are Hearth's own code. */
const GROUPS: [RegExp, string][] = [
  [/\/dist\/common\/http\/etag\.interceptor/, 'etag (our interceptor + hashing)'],
  [/\/dist\/rate-limit\/|\/node_modules\/@nestjs\/throttler\//, 'throttler (rate limiting)'],
  [/\/dist\/common\/logging\//, 'pino (logging)'],
  [/\/dist\/generated\/prisma\//, 'prisma'],
  [/\/node_modules\/(@fastify\/helmet|helmet)\//, 'helmet'],
  [/\/node_modules\/rxjs\/|\/node_modules\/@nestjs\/core\/interceptors\//, 'rxjs / interceptors'],
  [
    /\/node_modules\/(pino[^/]*|sonic-boom|fast-redact|@pinojs\/[^/]+|quick-format-unescaped|safe-stable-stringify|thread-stream|atomic-sleep|on-exit-leak-free)\//,
    'pino (logging)',
  ],
  [/\/node_modules\/@prisma\//, 'prisma'],
  [/\/node_modules\/(pg|pg-[^/]+|postgres-[^/]+)\//, 'pg (driver)'],
  [
    /\/node_modules\/(@fastify\/compress|minipass|pumpify|duplexify|peek-stream|through2|mnemonist)\//,
    'compression',
  ],
  [
    /\/node_modules\/(ioredis|@ioredis\/[^/]+|redis-[^/]+|cluster-key-slot|denque|standard-as-callback)\//,
    'redis client',
  ],
  [/\/node_modules\/(class-validator|class-transformer|validator|libphonenumber-js)\//, 'validation'],
  [/\/node_modules\/@nestjs\//, 'nest core'],
  [
    /\/node_modules\/(fastify|find-my-way|avvio|light-my-request|fast-json-stringify|fast-querystring|fast-uri|secure-json-parse|toad-cache|rfdc|process-warning|abstract-logging|@fastify\/[^/]+)\//,
    'fastify',
  ],
  [/\/node_modules\/(socket\.io|engine\.io|socket\.io-[^/]+|ws)\//, 'socket.io'],
  [/\/node_modules\/(bullmq|msgpackr)\//, 'bullmq'],
];
export const NODE_CORE = 'node core / V8 (event loop, sockets, HTTP parsing)';
// The kernel's side of writing responses to client sockets: every server pays it once per response, so it is
// kept apart from the HTTP stack that leads to it. V8's sampler over-counts it on a busy machine (73.5 % of a
// `/health` profile where perf counted 23.5 %): `npm run bench:perf` sees the kernel for what it is.
const CLIENT_SOCKET_WRITES = 'response socket writes (kernel; every server pays them)';
const SOCKET_WRITE = /^(writev|writeBuffer|write(Utf8|Latin1|Ascii|Ucs2)String)$/;
const SPECIAL = new Map([
  ['(garbage collector)', 'garbage collection'],
  ['(program)', 'V8 / native (unattributed)'],
]);

/** The package group of a script URL (`file:///…`, a path, or `node:…`); undefined for Node's own internals. */
export function groupOfUrl(url: string): string | undefined {
  const path = url.replace(/^file:\/\//, '');
  const match = GROUPS.find(([pattern]) => pattern.test(path));
  if (match) return match[1];
  const ours = /\/dist\/([^/]+)/.exec(path);
  if (ours) return `our code: ${ours[1].replace(/\.js$/, '')}`;
  const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
  return pkg ? `other: ${pkg[1]}` : undefined;
}

export interface ProfileBreakdown {
  /** Samples while the process was busy (idle excluded), and the sampling interval. */
  busySamples: number;
  idleShare: number;
  groups: { group: string; share: number }[];
  functions: { name: string; group: string; location: string; share: number }[];
}

/** Group of each node: its own package, else (natives, node: internals) the nearest caller's. */
function nodeGroups(profile: CpuProfile): Map<number, string> {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const groups = new Map<number, string>();
  const resolve = (node: CpuProfileNode): string => {
    const known = groups.get(node.id);
    if (known) return known;
    const special = SPECIAL.get(node.callFrame.functionName);
    const own = special ?? groupOfUrl(node.callFrame.url);
    const parentId = parent.get(node.id);
    const inherited = own ?? (parentId === undefined ? NODE_CORE : resolve(byId.get(parentId)!));
    const group =
      !node.callFrame.url && SOCKET_WRITE.test(node.callFrame.functionName) && isHttpStack(inherited)
        ? CLIENT_SOCKET_WRITES
        : inherited;
    groups.set(node.id, group);
    return group;
  };
  for (const node of profile.nodes) resolve(node);
  return groups;
}

const isHttpStack = (group: string) =>
  group === 'fastify' || group === NODE_CORE || group === CLIENT_SOCKET_WRITES;

function shortLocation(url: string, line: number): string {
  const path = url.replace(/^file:\/\//, '');
  const inModules = /node_modules\/(.*)$/.exec(path);
  const inDist = /\/(dist\/.*)$/.exec(path);
  const short = inModules?.[1] ?? inDist?.[1] ?? (path || '(native)');
  return path ? `${short}:${line + 1}` : short;
}

export function breakDown(profile: CpuProfile, topFunctions = 25): ProfileBreakdown {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const groups = nodeGroups(profile);
  const selfSamples = new Map<number, number>();
  for (const id of profile.samples) selfSamples.set(id, (selfSamples.get(id) ?? 0) + 1);
  let idle = 0;
  const perGroup = new Map<string, number>();
  const perFunction = new Map<string, { name: string; group: string; location: string; samples: number }>();
  for (const [id, samples] of selfSamples) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') {
      idle += samples;
      continue;
    }
    const group = groups.get(id)!;
    perGroup.set(group, (perGroup.get(group) ?? 0) + samples);
    const location = shortLocation(node.callFrame.url, node.callFrame.lineNumber);
    const name = node.callFrame.functionName || '(anonymous)';
    const key = `${name} ${location} ${group}`;
    const entry = perFunction.get(key) ?? { name, group, location, samples: 0 };
    entry.samples += samples;
    perFunction.set(key, entry);
  }
  const busy = profile.samples.length - idle;
  return {
    busySamples: busy,
    idleShare: idle / profile.samples.length,
    groups: [...perGroup]
      .map(([group, samples]) => ({ group, share: samples / busy }))
      .sort((a, b) => b.share - a.share),
    functions: [...perFunction.values()]
      .sort((a, b) => b.samples - a.samples)
      .slice(0, topFunctions)
      .map(({ samples, ...rest }) => ({ ...rest, share: samples / busy })),
  };
}

const pct = (share: number) => `${(share * 100).toFixed(1)} %`;

export function breakdownMarkdown(title: string, breakdown: ProfileBreakdown, extra: string[] = []): string {
  return [
    `### ${title}`,
    '',
    ...extra,
    `- ${breakdown.busySamples.toLocaleString('en-US')} busy samples; idle ${pct(breakdown.idleShare)} of the window.`,
    '',
    '| group (self time, natives and Node internals counted for their caller) | share of busy CPU |',
    '|---|---:|',
    ...breakdown.groups.map(({ group, share }) => `| ${group} | ${pct(share)} |`),
    '',
    '| top self-time functions | group | where | share |',
    '|---|---|---|---:|',
    ...breakdown.functions.map(
      ({ name, group, location, share }) => `| \`${name}\` | ${group} | ${location} | ${pct(share)} |`,
    ),
    '',
  ].join('\n');
}

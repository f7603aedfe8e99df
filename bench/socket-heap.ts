import { writeFile } from 'node:fs/promises';
import type { Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { breakDown, breakdownMarkdown } from './support/cpu-profile.js';
import { prepareBenchDatabase } from './support/database.js';
import { demoAccessToken, ownTokens, startHearth } from './support/hearth.js';
import type { CpuProfile } from './support/inspector.js';
import { freePort, ProcessRegistry, waitUntilReady } from './support/processes.js';
import { connectJoinedMany } from './support/socket-clients.js';

// `tsx bench/socket-heap.ts [clients] [--bare]` (after `npm run build`): what one joined socket costs a deployed
// Hearth (no Redis), or with --bare the fan-out baseline server. Takes V8 heap snapshots before and after N clients
// connected and joined `posts`, and prints: the live heap growth per connection and its 25 largest constructors,
// the process.memoryUsage() growth 1 s after connecting (what the fan-out scenario sees), and the CPU profile of
// the connecting window by package. BENCH_HEAP_DIR keeps the snapshots (Chrome DevTools, "Comparison" view) and
// the profile. It also samples what connecting allocates (garbage included), by function.

const clients = Number(process.argv[2] ?? 1_000);
/** `--bare`: the same probe on bench/socket-baseline-server.ts, for comparison. */
const bare = process.argv.includes('--bare');
const BATCH = 250;

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

async function inspector(port: number) {
  const [target] = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const socket = new WebSocket(target.webSocketDebuggerUrl, { maxPayload: 2 ** 31 });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let nextId = 1;
  let chunks: string[] = [];
  const waiting = new Map<number, (result: unknown) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; method?: string; params?: { chunk: string } };
    if (message.method === 'HeapProfiler.addHeapSnapshotChunk') chunks.push(message.params!.chunk);
    if (message.id !== undefined) waiting.get(message.id)?.(message);
  });
  const send = (method: string, params: Record<string, unknown> = {}) =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  return {
    async snapshot(): Promise<string> {
      chunks = [];
      await send('HeapProfiler.collectGarbage');
      await send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      return chunks.join('');
    },
    memory: async () =>
      JSON.parse(
        (
          (await send('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())' })) as {
            result: { result: { value: string } };
          }
        ).result.result.value,
      ) as NodeJS.MemoryUsage,
    startCpuProfile: async () => {
      await send('Profiler.enable');
      await send('Profiler.setSamplingInterval', { interval: 250 });
      await send('Profiler.start');
    },
    stopCpuProfile: async () =>
      ((await send('Profiler.stop')) as { result: { profile: CpuProfile } }).result.profile,
    // Garbage included: what connecting allocates, which is what the garbage collector pays for.
    startAllocationSampling: () =>
      send('HeapProfiler.startSampling', {
        samplingInterval: 1024,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      }),
    stopAllocationSampling: async () =>
      ((await send('HeapProfiler.stopSampling')) as { result: { profile: { head: AllocationNode } } }).result
        .profile.head,
    close: () => socket.close(),
  };
}

interface AllocationNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: AllocationNode[];
}

/** Bytes allocated per function (where the allocation happened), largest first. */
function allocationsByFunction(head: AllocationNode): { where: string; bytes: number }[] {
  const totals = new Map<string, number>();
  const visit = (node: AllocationNode) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/');
    const where = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
    totals.set(where, (totals.get(where) ?? 0) + node.selfSize);
    node.children.forEach(visit);
  };
  visit(head);
  return [...totals].map(([where, bytes]) => ({ where, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/** Self size and count per constructor (objects), per kind otherwise (closures, strings, arrays, code...). */
function sizesByName(raw: string): Map<string, { size: number; count: number }> {
  const heap = JSON.parse(raw) as Snapshot;
  const fields = heap.snapshot.meta.node_fields;
  const types = heap.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((field) => fields.indexOf(field));
  const totals = new Map<string, { size: number; count: number }>();
  for (let i = 0; i < heap.nodes.length; i += fields.length) {
    const type = types[heap.nodes[i + typeAt]];
    const name = heap.strings[heap.nodes[i + nameAt]];
    const key = type === 'object' || type === 'closure' ? `${type} ${name.slice(0, 60)}` : `(${type})`;
    const entry = totals.get(key) ?? { size: 0, count: 0 };
    entry.size += heap.nodes[i + sizeAt];
    entry.count += 1;
    totals.set(key, entry);
  }
  return totals;
}

function connect(
  baseUrl: string,
  tokenOf: (client: number) => string | undefined,
  count: number,
): Promise<Socket[]> {
  return connectJoinedMany(baseUrl, tokenOf, 'posts', { count, batch: BATCH });
}

async function startHearthWithToken(inspectPort: number) {
  const hearth = await startHearth(
    processes,
    database,
    { REDIS_URL: '' },
    {
      nodeArgs: [`--inspect=127.0.0.1:${inspectPort}`],
    },
  );
  return { baseUrl: hearth.baseUrl, tokenOf: ownTokens(await demoAccessToken(hearth.baseUrl)) };
}

async function startBare(inspectPort: number) {
  const port = await freePort();
  const managed = processes.start(
    'socket-baseline',
    process.execPath,
    [`--inspect=127.0.0.1:${inspectPort}`, '--import', 'tsx', 'bench/socket-baseline-server.ts'],
    { env: { ...process.env, PORT: String(port) } },
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitUntilReady(`${baseUrl}/health`, managed, 30_000);
  return { baseUrl, tokenOf: () => undefined };
}

const processes = new ProcessRegistry();
const database = await prepareBenchDatabase();
try {
  const inspectPort = await freePort();
  const { baseUrl, tokenOf } = bare ? await startBare(inspectPort) : await startHearthWithToken(inspectPort);
  const probe = await inspector(inspectPort);
  // One client first, so that lazily built code and caches are in both snapshots.
  const warm = await connect(baseUrl, (client) => tokenOf(clients + client), 1);
  const before = await probe.snapshot();
  const memoryBefore = await probe.memory();
  await probe.startCpuProfile();
  await probe.startAllocationSampling();
  const started = performance.now();
  const sockets = await connect(baseUrl, tokenOf, clients);
  const connectSeconds = (performance.now() - started) / 1_000;
  const profile = await probe.stopCpuProfile();
  const allocations = allocationsByFunction(await probe.stopAllocationSampling());
  const cpu = breakDown(profile);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const memoryAfter = await probe.memory();
  const after = await probe.snapshot();
  if (process.env.BENCH_HEAP_DIR) {
    await writeFile(`${process.env.BENCH_HEAP_DIR}/before.heapsnapshot`, before);
    await writeFile(`${process.env.BENCH_HEAP_DIR}/after.heapsnapshot`, after);
    await writeFile(`${process.env.BENCH_HEAP_DIR}/connecting.cpuprofile`, JSON.stringify(profile));
  }
  const [a, b] = [sizesByName(before), sizesByName(after)];
  const rows = [...b].map(([name, { size, count }]) => ({
    name,
    bytes: (size - (a.get(name)?.size ?? 0)) / clients,
    count: (count - (a.get(name)?.count ?? 0)) / clients,
  }));
  const total = rows.reduce((sum, row) => sum + row.bytes, 0);
  console.log(`${clients} clients connected and joined in ${connectSeconds.toFixed(1)} s`);
  console.log(`heap growth per connection: ${(total / 1024).toFixed(2)} KiB (live objects, after a full GC)`);
  const growth = (key: keyof NodeJS.MemoryUsage) =>
    `${key} ${((memoryAfter[key] - memoryBefore[key]) / 1024 / clients).toFixed(1)}`;
  console.log(
    `process.memoryUsage() growth per connection, KiB, 1 s after connecting (as the fan-out scenario measures): ` +
      (['rss', 'heapTotal', 'heapUsed', 'external', 'arrayBuffers'] as const).map(growth).join(', '),
  );
  for (const row of rows.sort((x, y) => y.bytes - x.bytes).slice(0, 25)) {
    console.log(`${row.bytes.toFixed(0).padStart(7)} B  ${row.count.toFixed(2).padStart(6)} ×  ${row.name}`);
  }
  const allocated = allocations.reduce((sum, row) => sum + row.bytes, 0);
  console.log(
    `allocated while connecting, per connection (garbage included): ${(allocated / 1024 / clients).toFixed(1)} KiB`,
  );
  for (const row of allocations.slice(0, 30)) {
    console.log(`${(row.bytes / clients).toFixed(0).padStart(7)} B  ${row.where}`);
  }
  console.log(breakdownMarkdown('CPU while connecting', cpu));
  [...warm, ...sockets].forEach((socket) => socket.close());
  probe.close();
} finally {
  await processes.stopAll();
  await database.dispose();
}

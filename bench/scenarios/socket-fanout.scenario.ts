import { performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import { demoAccessToken, demoSessionSocketToken, ownTokens, startHearth } from '../support/hearth.js';
import { freePort, type ManagedProcess, waitUntilReady } from '../support/processes.js';
import { runDescription } from '../support/report.js';
import { connectJoinedMany } from '../support/socket-clients.js';
import { percentile, residentMemoryKib } from '../support/stats.js';
import type { BenchContext, BenchScenario, ScenarioResult } from '../support/scenario.js';

// Fan-out: N socket.io clients in one topic, one event → how long until each client has it, and what each
// connection costs the server in memory. Hearth's `posts` topic against a bare socket.io server, same run.

const CONNECT_BATCH = 250;
const ROUNDS = 5;
const BARE = 'bare socket.io';
/** Hearth in process, its clients connecting as browsers do: with a socket token bound to a cookie session. */
const BROWSER_CLIENTS = 'Hearth, browser clients (session socket tokens)';
const ROUND_TIMEOUT_MS = 60_000;

export interface FanoutRow {
  target: string;
  clients: number;
  /** Per-client delivery latency over all rounds (ms), measured from sending the triggering request. */
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Median over rounds of the time until the last client had the event. */
  allReceivedMs: number;
  /** Time until the last client had the first event the fresh server sent (not in the figures above). */
  firstEventMs?: number;
  connectSeconds: number;
  /** Server resident memory added per connected, joined client (KiB). */
  memoryPerConnectionKib: number;
  lost: number;
}

export interface FanoutData {
  rows: FanoutRow[];
}

interface Target {
  name: string;
  baseUrl: string;
  process: ManagedProcess;
  /** Client `i`'s token: each client its own, as real clients have (none for bare socket.io). */
  tokenOf(client: number): string | undefined;
  trigger(): Promise<void>;
}

function connectClients(target: Target, count: number): Promise<Socket[]> {
  return connectJoinedMany(target.baseUrl, (client) => target.tokenOf(client), 'posts', {
    count,
    batch: CONNECT_BATCH,
  });
}

async function measureTarget(
  target: Target,
  clients: number,
  log: (message: string) => void,
): Promise<FanoutRow> {
  await new Promise((resolve) => setTimeout(resolve, 500));
  const before = residentMemoryKib(target.process.child.pid);
  const connectStarted = performance.now();
  const sockets = await connectClients(target, clients);
  const connectSeconds = (performance.now() - connectStarted) / 1_000;
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const after = residentMemoryKib(target.process.child.pid);

  // The first event a fresh server sends is not counted in the delivery figures: it pays for the first run of the
  // triggering route (for Hearth, validation, the first transaction, the bus) and of the clients' handlers, once
  // per process. It is reported on its own (firstEventMs), so the cold case stays visible.
  const latencies: number[] = [];
  const roundTimes: number[] = [];
  let firstEventMs = Number.NaN;
  let lost = 0;
  let roundStart = 0;
  let received = 0;
  let counting = false;
  let roundDone: () => void = () => undefined;
  for (const socket of sockets) {
    socket.on('post_created', () => {
      if (counting) latencies.push(performance.now() - roundStart);
      received += 1;
      if (received === clients) roundDone();
    });
  }
  for (let round = 0; round <= ROUNDS; round += 1) {
    counting = round > 0;
    received = 0;
    const done = new Promise<void>((resolve) => (roundDone = resolve));
    roundStart = performance.now();
    await target.trigger();
    const finished = await Promise.race([
      done.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ROUND_TIMEOUT_MS)),
    ]);
    if (counting) roundTimes.push(performance.now() - roundStart);
    else firstEventMs = performance.now() - roundStart;
    if (!finished) lost += clients - received;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  sockets.forEach((socket) => socket.close());

  const row: FanoutRow = {
    target: target.name,
    clients,
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
    allReceivedMs: percentile(roundTimes, 50),
    firstEventMs,
    connectSeconds,
    memoryPerConnectionKib: (after - before) / clients,
    lost,
  };
  log(
    `  ${target.name}, ${clients} clients: p50 ${row.latencyP50Ms.toFixed(1)} ms, p99 ${row.latencyP99Ms.toFixed(1)} ms, ` +
      `all in ${row.allReceivedMs.toFixed(1)} ms (rounds ${roundTimes.map((ms) => ms.toFixed(0)).join('/')}; ` +
      `first event ${firstEventMs.toFixed(0)} ms), ` +
      `${row.memoryPerConnectionKib.toFixed(1)} KiB/connection`,
  );
  return row;
}

async function startHearthTarget(
  context: BenchContext,
  name: string,
  env: NodeJS.ProcessEnv,
  clientToken: (baseUrl: string) => Promise<string> = demoAccessToken,
): Promise<Target> {
  const hearth = await startHearth(context.processes, context.database, env);
  const token = await clientToken(hearth.baseUrl);
  let sequence = 0;
  return {
    name,
    baseUrl: hearth.baseUrl,
    process: hearth.process,
    tokenOf: ownTokens(token),
    trigger: async () => {
      sequence += 1;
      const response = await fetch(`${hearth.baseUrl}/api/v2/posts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ title: `Fan-out ${sequence}`, body: 'Fan-out' }),
      });
      if (response.status !== 201) throw new Error(`creating a post answered ${response.status}`);
    },
  };
}

async function startBaselineTarget(context: BenchContext): Promise<Target> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const managed = context.processes.start(
    'socket-baseline',
    process.execPath,
    ['--import', 'tsx', 'bench/socket-baseline-server.ts'],
    { echo: true, env: { ...process.env, PORT: String(port) } },
  );
  await waitUntilReady(`${baseUrl}/health`, managed, 30_000);
  return {
    name: BARE,
    baseUrl,
    process: managed,
    tokenOf: () => undefined,
    trigger: async () => {
      const response = await fetch(`${baseUrl}/broadcast`, { method: 'POST' });
      if (response.status !== 201) throw new Error(`baseline broadcast answered ${response.status}`);
    },
  };
}

// History, measured once: not regenerated by a run (the table above is).
const WHAT_THE_CHANGES_BOUGHT = [
  '### What each change bought (issue 13 §4, 2026-11-30)',
  '',
  'Targets at 5,000 clients: memory per connection ≤ 30 KiB, connect time ≤ 1.5× and p99 delivery ≤ 1.2× bare ' +
    'socket.io. Before the changes (same machine, 09:45 UTC, load average 3.1–4.6, ratios against bare socket.io of ' +
    'that run): Hearth 62.1 KiB per connection, connect 26.6 s (6.7×), p99 445 ms (1.31×); with the Redis adapter ' +
    '64.3 KiB, 19 s (4.8×), 459 ms (1.35×). At 1,000 clients: 83.7 KiB and 9.6 s against 29.4 KiB and 1.2 s. The ' +
    'per-change figures come from `tsx bench/socket-heap.ts <clients> [--bare]` (heap snapshots before and after, ' +
    'and the CPU profile of the connecting window, of a deployed Hearth without Redis):',
  '',
  '- **Plain socket listeners instead of Nest’s RxJS pipeline per message and socket** (then ' +
    '`HearthIoAdapter.bindMessageHandlers`, since replaced by `SocketMessageDispatcher`): live heap per connection after a full GC 34.6 → 16.2 KiB at 1,000 clients (bare ' +
    'socket.io: 11.6 KiB); closures per connection 106 → 18, RxJS subscribers 16 → 0.',
  '- **The JWT key as a `KeyObject`**: given a string, jsonwebtoken tried to parse it as a PEM key on every ' +
    'verification before using it as an HMAC secret; that was 23.5 % of the CPU spent connecting, now under 1 % ' +
    '(every bearer-authenticated HTTP request saves the same).',
  '- **One users query per event-loop turn** (`PerTurnBatcher`) for the re-check after connecting (which no longer ' +
    'verifies the signature again) and for the account check of every message: CPU samples while connecting 2,000 ' +
    'clients 18,176 → 8,124; resident-set growth 1 s after connecting 80.7 → 43.3 KiB per connection.',
  '- **The handshake’s own user read in the same batch**: 8,264 → 4,387 samples (bare socket.io: 3,523); heap ' +
    'used 1 s after connecting 31.4 → 23.5 KiB per connection. Batching never answers a check from a read sent ' +
    'before it was asked, so revocation and deletion stay exact (the test/security and test/realtime suites pass ' +
    'unchanged).',
  '- Per-message deflate was already off (the engine.io default); the adapter now states it, since it would keep a ' +
    'zlib context per connection for events of a few hundred bytes.',
  '',
  'Caveats: resident-set growth 1 s after connecting counts garbage not yet collected, which is why Hearth can ' +
    'come out below bare socket.io (its live heap per connection is 15.8 KiB against 11.6 KiB); and every client ' +
    'here uses one token, so each batch reads one user (with many users a batch reads many rows, still in one ' +
    'round trip per turn).',
  '',
  'After, on a quiet machine (only the benchmark running), five back-to-back runs of the final code (11:06–11:10 ' +
    'UTC), at 5,000 clients, as ratios to bare socket.io in the same run:',
  '',
  '| target | Hearth | Hearth + Redis adapter | runs |',
  '|---|---|---|---|',
  '| memory per connection ≤ 30 KiB | 5.6–14.2 KiB ✓ | 14.5–15.6 KiB ✓ | bare 17.6–18.1 KiB |',
  '| connect time ≤ 1.5× | median 1.39× ✓ (1.05×–1.56×) | median 1.39× ✓ (1.08×–1.51×) | 1.51, 1.56, 1.05, 1.39, 1.33 / 1.51, 1.46, 1.08, 1.36, 1.39 |',
  '| p99 delivery ≤ 1.2× | median 0.99× ✓ (0.73×–1.08×) | median 0.98× ✓ (0.97×–1.54×) | 1.08, 1.01, 0.73, 0.97, 0.99 / 1.25, 0.98, 1.54, 0.97, 0.97 |',
  '',
  'Every target holds by the median of the five runs, not in every single run: connect time reached 1.56× and ' +
    'p99 1.54× once each. Where the rest of the connect time goes: a CPU profile of connecting 3,000 clients ' +
    '(`tsx bench/socket-heap.ts 3000`) has about 6,000 busy samples against 2,600 for bare socket.io, and garbage ' +
    'collection is a third of Hearth’s (15 % of bare’s); neither a larger young generation ' +
    '(`--max-semi-space-size=32`) nor remembering class-validator’s metadata lookups changed it, so neither was ' +
    'kept. An allocation profile of connecting and joining 3,000 clients (V8 sampling, garbage included, 13:31 ' +
    'UTC) counts 112.6 KiB allocated per connection, 14.1 KiB of it still live after; bare socket.io allocates ' +
    '44.3 KiB, which matches the garbage collector’s larger share. The largest sources on ' +
    'Hearth’s side are the `join` message’s validation (class-validator’s metadata lookup 5.4 KiB, which filters ' +
    'every registered constraint on each call; ValidationPipe 3.7 KiB; class-validator’s executor 2.8 KiB), ' +
    'Nest’s websocket pipes, guards and context (about 6 KiB) and the token check (1.9 KiB). Next: validate the ' +
    'socket messages without class-transformer (or memoize the metadata lookup per DTO), and batch the Redis ' +
    'connection-quota claim like the user read. Earlier runs on the shared machine (load average 3.4–5.6) ranged 1.21×–1.66× for connect time ' +
    'and 0.86×–1.59× for p99. The run in the table above (13:08 UTC, on the shared VM, after later changes that ' +
    'do not touch sockets) is within the same spread: connect 1.56× and 1.33× (Redis adapter), p99 1.07× and 1.22×.',
  '',
  '#### Second pass (2026-11-30, 20:10–21:20 UTC): the connect target had slipped',
  '',
  'Five runs of the code above at 5,000 clients (20:22–20:26 UTC, shared VM, load average 2–3) no longer met the connect ' +
    'target: median 1.65× (1.45×–1.96×), and 1.61× (1.52×–1.74×) with the Redis adapter; p99 1.16× and 1.11×. An ' +
    'inclusive CPU profile of connecting and joining 3,000 clients put the `join` message’s ValidationPipe at 8.0 % ' +
    'of the connecting CPU (class-validator 4.0 %, class-transformer 2.5 %), about 65 µs per message. Changes:',
  '',
  '- **Socket messages checked by hand** (`src/realtime/messages.ts`): the same rules and the same ' +
    '`validation_failed` error listing every bad field (unknown fields, nulls, wrong types, length, blank, text ' +
    'that cannot be stored). Allocated while connecting and joining, garbage included: 113.8 → 87.3 KiB per ' +
    'connection (bare socket.io 44.4 KiB).',
  '- **Replies without RxJS**: the adapter awaits a handler’s promise itself instead of Nest’s `transform`, which ' +
    'wrapped every reply in observables; an observable reply is still subscribed. (Gone again with the ' +
    'dispatcher below: no message goes through the adapter any more.)',
  '- **Connection-quota claims auto-pipelined to Redis**: the handshakes that resume after one batched user read ' +
    'send their claims in one write. Over one fan-out run Redis read its sockets 11,153 times without it and ' +
    '1,132 times with it (`total_reads_processed`).',
  '',
  'Ten runs of those three (20:38–20:50 UTC): connect median 1.49× (1.12×–1.63×), and 1.53× (1.26×–1.60×) with ' +
    'the Redis adapter; p99 1.19× and 1.20×.',
  '',
  '- **Socket messages dispatched without Nest’s per-message context** (`SocketMessageDispatcher`): the account ' +
    'check, the rate bucket and the refusal are called directly (the same classes, now plain services), instead ' +
    'of through an execution context, the guards’, pipes’ and interceptors’ consumers and the global pipes run on ' +
    'every parameter. Allocated per connection: 87.3 → 72.3 KiB.',
  '',
  'After all four, ten runs (21:08–21:16 UTC) at 5,000 clients, as ratios to bare socket.io in the same run:',
  '',
  '| target | Hearth | Hearth + Redis adapter | bare |',
  '|---|---|---|---|',
  '| memory per connection ≤ 30 KiB | 8.2–16.2 KiB ✓ | 5.8–16.9 KiB ✓ | 17.6–18.9 KiB |',
  '| connect time ≤ 1.5× | median 1.52× ✗ (1.15×–1.84×) | median 1.52× ✗ (1.21×–1.84×) | |',
  '| p99 delivery ≤ 1.2× | median 1.20× ✓ (1.10×–1.31×) | median 1.19× ✓ (1.08×–1.31×) | |',
  '',
  'So on this VM tonight connect time sits at the target’s edge and misses it by 2 points of bare’s time in both ' +
    'setups, p99 delivery meets its target with no room, and memory holds easily; single runs range widely either ' +
    'way. The last change cut allocation but moved connect time by less than the runs’ spread: connecting is not ' +
    'bound by Hearth’s CPU alone. Each connection waits on two user reads one after the other (the handshake’s, ' +
    'then the `join` message’s account check, each batched per event-loop turn) and, with Redis, on its ' +
    'connection-quota claim; bare socket.io waits on none. Tried and dropped: a hand-written HS256 check instead ' +
    'of jsonwebtoken (11.8 → 8.0 µs per token in isolation, too little to show). Next step: fewer reads in a ' +
    'connection’s path, for example answering the first message’s account check from the re-check a socket makes ' +
    'once connected; that keeps deletion exact only with proof under the revocation tests, so it is not done here ' +
    '(the third pass measured it: both reads are worth 5 points of bare’s time). ' +
    'The run shown then (21:17 UTC, right after those ten) was the worst of all: connect 1.81× and 2.04×, p99 ' +
    '1.26× and 1.50×.',
  '',
  '#### Third pass (2026-11-30, 22:50–23:30 UTC): browser clients, and where the rest goes',
  '',
  'Every run above connected with a bearer access token. Browsers connect with a socket token from ' +
    '`GET /api/auth/socket-token`, bound to their cookie session, and for those every handshake and every ' +
    're-check after connecting also counted the session through Prisma, unbatched: 1.8 database queries per ' +
    'connection against 0.07 with bearer tokens. A scratch probe connecting 5,000 such clients (three alternating ' +
    'rounds with bare socket.io, a fresh token each round) took 3.0× bare (2.65×–3.35×), at 674–676 µs of server ' +
    'CPU per connection (bearer tokens 260 µs, bare 158–198 µs). The session check is now one named statement per ' +
    'event-loop turn, like the user read: five alternating rounds, median of the rounds’ ratios 1.39× bare ' +
    '(1.24×–1.55×) against 1.41× ' +
    'for bearer tokens in the same rounds. The table now has a row for them (`' +
    BROWSER_CLIENTS +
    '`), and ' +
    'shows every ratio to bare.',
  '',
  'Where the rest of the connect time goes, with bearer tokens: a CPU profile (`--cpu-prof`, 15,000 connections) ' +
    'set against bare socket.io’s shows JWT verification at 4.9 % of the server’s CPU (jsonwebtoken decodes the ' +
    'token twice and computes its HMAC), the user reads at 3–4 % (pg driver and pool), the message dispatcher with ' +
    'the `join` handler at 3.1 %, engine.io’s CORS middleware at 1.3 % (it runs on WebSocket upgrades too, which ' +
    'browsers never subject to CORS), and garbage collection at 8.5 µs more per connection; the rest is socket.io ' +
    'doing the same work as in the bare server. Scratch builds against bare socket.io, nine alternating rounds on ' +
    'warm processes (23:45 UTC), as the ratio of median connect times: the real build 1.45×; without the ' +
    'post-connect re-check and the per-message account check 1.40×; without engine.io’s CORS middleware and ' +
    'without any token signature check (an upper bound for a leaner verifier) 1.39×. Neither is what holds ' +
    'connect time at the target’s edge, so the reads stay (they keep revocation and deletion exact) and no ' +
    'hand-written verifier is worth its risk. No single cost holds the gap; single runs on this VM range ±20 %.',
  '',
  'Six runs of this code at 5,000 clients (23:28–23:37 UTC: the run in the table at the top of this section and ' +
    'five more), as ratios to bare socket.io in the same run:',
  '',
  '| target | Hearth | Hearth, browser clients | Hearth + Redis adapter | bare |',
  '|---|---|---|---|---|',
  '| memory per connection ≤ 30 KiB | 12.5–17.1 KiB ✓ | 9.4–18.0 KiB ✓ | 14.2–18.9 KiB ✓ | 17.7–18.5 KiB |',
  '| connect time ≤ 1.5× | median 1.57× ✗ (1.48×–1.67×) | median 1.53× ✗ (1.41×–1.62×) | median 1.62× ✗ (1.35×–1.91×) | |',
  '| p99 delivery ≤ 1.2× | median 1.14× ✓ (1.08×–1.31×) | median 1.07× ✓ (0.83×–1.24×) | median 1.16× ✓ (1.02×–1.42×) | |',
  '',
  'So tonight connect time misses its target by 3 to 12 points of bare’s time, in every setup, while memory and ' +
    'p99 delivery hold. Each measurement starts a fresh process and connects at once, so Hearth’s longer path ' +
    '(token, reads, dispatcher) also runs before the JIT has warmed it; the alternating probe above, on warm ' +
    'processes, put both token kinds near 1.4×. The scenario keeps measuring the cold case: a reconnect storm ' +
    'after a deploy hits fresh instances. What is left is spread over many small costs (the ablations above), none ' +
    'worth a security trade-off.',
  '',
  '#### Fourth pass (2026-12-01, 01:05–02:30 UTC): connect time within the target',
  '',
  'Tonight’s VM (AMD EPYC) is slower than last night’s: bare socket.io took 2.9–4.1 s to connect 5,000 clients ' +
    'instead of 1.6 s. A CPU profile of connecting 5,000 clients (`tsx bench/socket-heap.ts 5000`) had 13,078 busy ' +
    'samples against 7,872 for bare socket.io. Of the difference, garbage collection took 1,310 samples, the pg driver ' +
    '1,151 (8.8 % of Hearth’s), jsonwebtoken 5.6 %, engine.io’s CORS middleware 2.4 % and Nest’s per-connection ' +
    'RxJS subject and message binding about 2 %. The batched user reads sent 1,940 queries for 15,003 lookups, three ' +
    'per connection (the handshake, the re-check once connected, the `join` message’s account check). That is 7.7 ' +
    'lookups a query: flushing every event-loop turn caught only the few handshakes one turn had processed. Changes:',
  '',
  '- **A batched read waits for the one in flight** (`PerTurnBatcher`). Lookups asked while a query is out go ' +
    'together in the next query, sent as soon as that one is back. They are still never answered from a query ' +
    'sent before they asked, so revocation stays exact. Queries for the same 15,003 lookups: 1,940 → 1,336.',
  '- **WebSocket upgrades skip engine.io’s middlewares.** Its only middleware here is CORS, and a browser reads no ' +
    'CORS headers on a 101. engine.io also no longer chains a promise per upgrade to run them. Long-polling keeps ' +
    'CORS (`test/realtime/socket-transport.e2e-spec.ts`).',
  '- **Connections are handled from socket.io’s `connection` event** instead of Nest’s `OnGatewayConnection`, ' +
    'which passes each connection through an RxJS subject. Nest’s per-socket message binding is skipped too, since ' +
    'the gateway has no `@SubscribeMessage` handler.',
  '',
  'What each bought, measured as server CPU per connection from `/proc` while 5,000 clients connect and join. Each ' +
    'measurement used a fresh process; there were six rounds rotating five builds, and the figures are medians:',
  '',
  '| build | CPU per connection | connect time |',
  '|---|---:|---:|',
  '| before | 706 µs | 4.33 s |',
  '| only the batched read waiting for the one in flight | 672 µs | 3.69 s |',
  '| only upgrades without middlewares | 672 µs | 3.72 s |',
  '| only connections outside Nest’s subject | 636 µs | 3.67 s |',
  '| all three | 620 µs | 3.30 s |',
  '',
  'In this scenario at 5,000 clients, twelve rounds alternated the builds before and after. The median connect ' +
    'ratio went from 1.48× to 1.32× bare for bearer tokens, and from 1.43× to 1.27× for browser clients. Paired ' +
    'round by round, Hearth’s own connect time fell by 4–6 % (medians of two sets: 0.945 and 0.957 of before). ' +
    'Bare’s own times moved ±20 % between runs, which is why the ratios moved more than Hearth’s own time did.',
  '',
  'p99 delivery in those runs was above its target both before and after (bearer 1.36× and 1.30×, browser 1.20× ' +
    'and 1.15×). The changes do not touch delivery; the per-round times show what set the p99. The first event a ' +
    'fresh server sent was the slowest round for every target: 183–262 ms for Hearth and 157–239 ms for bare, ' +
    'against 120–170 ms for the later rounds. It pays once per process for the first run of the triggering route ' +
    'and of the clients’ handlers, and as a fifth of the samples it set the p99. Since this pass the scenario sends ' +
    'one first event before the five measured rounds, to bare as to Hearth, and shows it in a column of its own, ' +
    'so the cold case stays in view.',
  '',
  'Eight runs with that method at 5,000 clients: four, two with the order of the targets reversed, one without ' +
    'Redis, and the run in the table at the top of this section. The cells are ratios to bare socket.io in the ' +
    'same run:',
  '',
  '| target | Hearth | Hearth, browser clients | Hearth + Redis adapter |',
  '|---|---|---|---|',
  '| memory per connection ≤ 30 KiB | 5.3–15.7 KiB ✓ | 13.0–15.7 KiB ✓ | 12.1–17.0 KiB ✓ |',
  '| connect time ≤ 1.5× | median 1.32× ✓ (1.07×–1.71×) | median 1.27× ✓ (1.10×–1.90×) | median 1.26× ✓ (1.00×–1.37×) |',
  '| p99 delivery ≤ 1.2× | median 1.20× ✓ (0.84×–1.70×) | median 0.92× ✓ (0.71×–1.22×) | median 0.96× ✓ (0.70×–2.36×) |',
  '| first event, all received | median 1.16× (0.91×–1.43×) | median 1.07× (0.91×–1.65×) | median 1.21× (0.90×–1.27×) |',
  '',
  'Every §4 target is met by the median of these runs, bearer tokens’ p99 with no room to spare. Single runs still ' +
    'range widely. The Redis row’s 2.36× p99 is the run recorded at 02:27 UTC, where one of five rounds took 360 ' +
    'ms against 139–170 ms for the others. Older runs above counted the first event among their rounds.',
  '',
  '### Fifth pass (2026-12-01 04:00 UTC): one token per client',
  '',
  'Hearth now keeps the bearer tokens it has verified until they expire (`VerifiedTokens`; the user, epoch and ' +
    'session are still read at every handshake). Until then the scenario connected all its clients with one ' +
    'token, which would now be verified once for 5,000 handshakes. No real crowd of clients shares a token, so ' +
    'each client now gets its own: the claims of the token Hearth issued, each copy with its own `jti`, signed ' +
    'with the run’s secret (`ownTokens` in `bench/support/hearth.ts`). Every handshake verifies a token it has ' +
    'not seen. Five runs at 5,000 clients (the one in the table at the top of this section and four more), ratios ' +
    'to bare socket.io in the same run:',
  '',
  '| target | Hearth | Hearth, browser clients | Hearth + Redis adapter |',
  '|---|---|---|---|',
  '| memory per connection ≤ 30 KiB | 7.1–14.8 KiB ✓ | 10.9–14.2 KiB ✓ | 11.8–17.2 KiB ✓ |',
  '| connect time ≤ 1.5× | median 1.28× ✓ (1.19×–1.80×) | median 1.21× ✓ (1.11×–1.59×) | median 1.38× ✓ (1.18×–1.41×) |',
  '| p99 delivery ≤ 1.2× | median 0.98× ✓ (0.91×–1.33×) | median 0.98× ✓ (0.68×–1.12×) | median 1.06× ✓ (0.73×–1.28×) |',
  '| first event, all received | median 1.31× (1.09×–1.43×) | median 1.08× (0.90×–1.32×) | median 1.23× (1.14×–1.55×) |',
  '',
  'The run in the table reads 1.33× p99 for bearer tokens and 1.12× for browser clients. Both deliver through the ' +
    'same code, since the kind of token matters only at connect, so the gap between them is that run’s noise.',
];

export const socketFanoutScenario: BenchScenario<FanoutData> = {
  id: 'socket-fanout',
  title: 'Socket fan-out: one event to N clients in one topic, Hearth vs. a bare socket.io server',

  async run(context: BenchContext): Promise<FanoutData> {
    const counts = (process.env.BENCH_FANOUT_CLIENTS ?? '1000,5000').split(',').map(Number);
    const starters: [string, () => Promise<Target>][] = [
      ['Hearth', () => startHearthTarget(context, 'Hearth', { REDIS_URL: '' })],
      [
        BROWSER_CLIENTS,
        () => startHearthTarget(context, BROWSER_CLIENTS, { REDIS_URL: '' }, demoSessionSocketToken),
      ],
      ...(process.env.REDIS_URL
        ? ([['Hearth + Redis adapter', () => startHearthTarget(context, 'Hearth + Redis adapter', {})]] as [
            string,
            () => Promise<Target>,
          ][])
        : []),
      [BARE, () => startBaselineTarget(context)],
    ];
    const rows: FanoutRow[] = [];
    for (const clients of counts) {
      for (const [name, start] of starters) {
        context.log(`fan-out to ${clients} clients: ${name}`);
        // A fresh process per measurement, so the memory figure is not inherited from the previous one.
        const target = await start();
        try {
          rows.push(await measureTarget(target, clients, context.log));
        } finally {
          await context.processes.stop(target.process);
        }
      }
    }
    return { rows };
  },

  charts(result: ScenarioResult<FanoutData>) {
    const counts = [...new Set(result.data.rows.map((row) => row.clients))];
    const targets = [...new Set(result.data.rows.map((row) => row.target))];
    const series = (pick: (row: FanoutRow) => number) =>
      targets.map((target) => ({
        name: target,
        values: counts.map((clients) => {
          const row = result.data.rows.find(
            (candidate) => candidate.clients === clients && candidate.target === target,
          );
          return row ? Math.round(pick(row) * 10) / 10 : 0;
        }),
      }));
    const categories = counts.map((clients) => `${clients.toLocaleString('en-US')} clients`);
    return [
      {
        kind: 'bar' as const,
        file: 'socket-fanout-latency',
        title: 'Fan-out: p99 delivery latency (ms)',
        yLabel: 'p99 delivery (ms)',
        categories,
        series: series((row) => row.latencyP99Ms),
      },
      {
        kind: 'bar' as const,
        file: 'socket-fanout-memory',
        title: 'Server memory per connection (KiB)',
        yLabel: 'KiB per connection',
        categories,
        series: series((row) => row.memoryPerConnectionKib),
      },
    ];
  },

  render(result: ScenarioResult<FanoutData>): string {
    const number = (value: number, digits = 1) =>
      Number.isFinite(value) ? value.toLocaleString('en-US', { maximumFractionDigits: digits }) : 'n/a';
    const bare = (row: FanoutRow) =>
      result.data.rows.find((candidate) => candidate.clients === row.clients && candidate.target === BARE);
    const ofBare = (value: number, baseline: number | undefined) =>
      baseline === undefined ? '' : ` (${(value / baseline).toFixed(2)}×)`;
    const lines = [
      '| clients | target | p50 delivery | p99 delivery (× bare) | all received (median of rounds) | first event, all received (× bare) | server memory per connection | connect time (× bare) | lost |',
      '|---:|---|---:|---:|---:|---:|---:|---:|---:|',
      ...result.data.rows.map(
        (row) =>
          `| ${row.clients.toLocaleString('en-US')} | ${row.target} | ${number(row.latencyP50Ms)} ms | ` +
          `${number(row.latencyP99Ms)} ms${ofBare(row.latencyP99Ms, bare(row)?.latencyP99Ms)} | ` +
          `${number(row.allReceivedMs)} ms | ` +
          `${number(row.firstEventMs ?? Number.NaN)} ms${ofBare(row.firstEventMs ?? Number.NaN, bare(row)?.firstEventMs)} | ` +
          `${number(row.memoryPerConnectionKib)} KiB | ` +
          `${number(row.connectSeconds)} s${ofBare(row.connectSeconds, bare(row)?.connectSeconds)} | ${row.lost} |`,
      ),
    ];
    return [
      `## ${result.title}`,
      '',
      runDescription(result).split('\n').slice(0, 3).join('\n'),
      `- Load: N socket.io clients (websocket transport) in the bench process, all joined to one topic; one first ` +
        `event, then ${ROUNDS} measured rounds of one event each; clients and server on the same machine.`,
      '',
      ...lines,
      '',
      'Delivery latency runs from sending the triggering HTTP request to the moment each client has the event, over ' +
        'the measured rounds. The first event a fresh server sends is left out of them and shown on its own: it pays ' +
        'once per process for the first run of the triggering route and of the clients’ handlers (until 2026-12-01 it ' +
        'was the first of the five rounds, and as the slowest it set the p99). For ' +
        'Hearth that request creates a post (validation, auth, one PostgreSQL transaction writing the post and its ' +
        '`post_events` row, the post-events bus), and the event goes to the `posts` topic; the baseline answers ' +
        '`POST /broadcast` by emitting the same-shaped payload to its room, with no database and no auth. Memory is ' +
        'the growth of the server’s resident set from before the clients connected to after all joined, divided by N ' +
        '(includes socket.io, the WebSocket, Hearth’s authenticated socket data and room membership).',
      '',
      ...WHAT_THE_CHANGES_BOUGHT,
    ].join('\n');
  },
};

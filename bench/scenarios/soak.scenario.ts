import { performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import { demoAccessToken, startHearth } from '../support/hearth.js';
import { runDescription } from '../support/report.js';
import { connectJoined } from '../support/socket-clients.js';
import { percentile, residentMemoryKib } from '../support/stats.js';
import type { BenchContext, BenchScenario, ScenarioResult } from '../support/scenario.js';

// Soak: minutes of mixed traffic (reads, writes, likes, chat messages over sockets) against one Hearth process,
// sampled every few seconds: throughput, latency percentiles, errors, and the server's resident memory.

const SAMPLE_SECONDS = 5;
const CONCURRENCY = 32;
const SOCKET_RECEIVERS = 100;
const MESSAGE_INTERVAL_MS = 100;
const DEMO_USERS = ['alice@hearth.local', 'bob@hearth.local', 'moderator@hearth.local', 'admin@hearth.local'];

/** Share of requests per operation, in percent. */
const MIX = {
  'GET /api/v1/posts?page=N': 40,
  'GET /api/v2/posts (cursor)': 15,
  'GET /api/v2/posts/:id': 15,
  'POST /api/v2/posts': 10,
  'POST /api/v2/posts/:id/like': 10,
  'DELETE /api/v2/posts/:id/like': 5,
  'PATCH /api/v2/posts/:id (own)': 5,
} as const;
type Operation = keyof typeof MIX;

export interface SoakSample {
  /** Seconds since the start of the run, at the end of the sample. */
  atSeconds: number;
  requestsPerSecond: number;
  errors: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  rssMiB: number;
  messagesSent: number;
  messagesDelivered: number;
  messageP99Ms: number;
}

export interface SoakData {
  durationSeconds: number;
  concurrency: number;
  socketReceivers: number;
  mix: Record<string, number>;
  samples: SoakSample[];
  totalRequests: number;
  totalErrors: number;
  errorsByStatus: Record<string, number>;
  messagesExpected: number;
  messagesDelivered: number;
}

function pickOperation(): Operation {
  let roll = Math.random() * 100;
  for (const [operation, weight] of Object.entries(MIX) as [Operation, number][]) {
    roll -= weight;
    if (roll < 0) return operation;
  }
  return 'GET /api/v1/posts?page=N';
}

interface Client {
  token: string;
  ownPosts: number[];
}

export const soakScenario: BenchScenario<SoakData> = {
  id: 'soak',
  title: 'Soak: minutes of mixed traffic (reads, writes, likes, socket messages)',

  async run({ processes, database, log }: BenchContext): Promise<SoakData> {
    const durationSeconds = Number(process.env.BENCH_SOAK_SECONDS ?? 300);
    const hearth = await startHearth(processes, database, { REDIS_URL: process.env.REDIS_URL ?? '' });
    const base = hearth.baseUrl;
    const clients: Client[] = [];
    for (const email of DEMO_USERS) {
      clients.push({ token: await demoAccessToken(base, email), ownPosts: [] });
    }
    const knownPosts: number[] = [];
    const listing = (await (await fetch(`${base}/api/v1/posts?page=1&page_size=100`)).json()) as {
      data: { id: number }[];
    };
    knownPosts.push(...listing.data.map((post) => post.id));

    // Sockets: receivers in one room, one sender; each message carries its send time.
    const connect = (token: string) => connectJoined(base, token, 'room:soak', 10_000);
    const receivers: Socket[] = [];
    for (let i = 0; i < SOCKET_RECEIVERS; i += 1)
      receivers.push(await connect(clients[i % clients.length].token));
    const sender = await connect(clients[0].token);

    let latencies: number[] = [];
    let messageLatencies: number[] = [];
    let requests = 0;
    let errors = 0;
    let sent = 0;
    let delivered = 0;
    let totalRequests = 0;
    let totalErrors = 0;
    let totalSent = 0;
    let totalDelivered = 0;
    const errorsByStatus: Record<string, number> = {};
    for (const socket of receivers) {
      socket.on('message', (message: { body: string }) => {
        messageLatencies.push(performance.now() - Number(message.body));
        delivered += 1;
      });
    }

    const started = performance.now();
    const deadline = started + durationSeconds * 1_000;
    const messageTimer = setInterval(() => {
      sender.emit('new_message', { topic: 'room:soak', body: String(performance.now()) });
      sent += 1;
    }, MESSAGE_INTERVAL_MS);

    const call = async (client: Client, operation: Operation): Promise<number> => {
      const headers = { authorization: `Bearer ${client.token}`, 'content-type': 'application/json' };
      const anyPost = () => knownPosts[Math.floor(Math.random() * knownPosts.length)];
      switch (operation) {
        case 'GET /api/v1/posts?page=N':
          return (await fetch(`${base}/api/v1/posts?page=${1 + Math.floor(Math.random() * 5)}`)).status;
        case 'GET /api/v2/posts (cursor)':
          return (await fetch(`${base}/api/v2/posts?limit=20`)).status;
        case 'GET /api/v2/posts/:id':
          return (await fetch(`${base}/api/v2/posts/${anyPost()}`)).status;
        case 'POST /api/v2/posts': {
          const response = await fetch(`${base}/api/v2/posts`, {
            method: 'POST',
            headers,
            body: JSON.stringify({
              title: `Soak ${totalRequests}`,
              body: 'Soak test post body. '.repeat(10),
            }),
          });
          if (response.status === 201) {
            const id = Number(((await response.json()) as { data: { id: string } }).data.id);
            client.ownPosts.push(id);
            knownPosts.push(id);
          }
          return response.status;
        }
        case 'POST /api/v2/posts/:id/like':
        case 'DELETE /api/v2/posts/:id/like':
          return (
            await fetch(`${base}/api/v2/posts/${anyPost()}/like`, {
              method: operation.startsWith('POST') ? 'POST' : 'DELETE',
              headers: { authorization: headers.authorization },
            })
          ).status;
        case 'PATCH /api/v2/posts/:id (own)': {
          const own = client.ownPosts[Math.floor(Math.random() * client.ownPosts.length)];
          if (own === undefined) return 200;
          return (
            await fetch(`${base}/api/v2/posts/${own}`, {
              method: 'PATCH',
              headers,
              body: JSON.stringify({ title: `Edited ${totalRequests}` }),
            })
          ).status;
        }
      }
    };

    const worker = async (index: number) => {
      const client = clients[index % clients.length];
      while (performance.now() < deadline) {
        const operation = pickOperation();
        const begin = performance.now();
        let status = 0;
        try {
          status = await call(client, operation);
        } catch {
          status = 0;
        }
        latencies.push(performance.now() - begin);
        requests += 1;
        if (status >= 400 || status === 0) {
          errors += 1;
          errorsByStatus[String(status)] = (errorsByStatus[String(status)] ?? 0) + 1;
        }
      }
    };

    const samples: SoakSample[] = [];
    const sampler = setInterval(() => {
      const sample: SoakSample = {
        atSeconds: Math.round((performance.now() - started) / 1_000),
        requestsPerSecond: requests / SAMPLE_SECONDS,
        errors,
        latencyP50Ms: percentile(latencies, 50),
        latencyP99Ms: percentile(latencies, 99),
        rssMiB: residentMemoryKib(hearth.process.child.pid) / 1024,
        messagesSent: sent,
        messagesDelivered: delivered,
        messageP99Ms: percentile(messageLatencies, 99),
      };
      samples.push(sample);
      totalRequests += requests;
      totalErrors += errors;
      totalSent += sent;
      totalDelivered += delivered;
      latencies = [];
      messageLatencies = [];
      requests = errors = sent = delivered = 0;
      log(
        `  ${sample.atSeconds} s: ${Math.round(sample.requestsPerSecond)} req/s, p99 ${sample.latencyP99Ms.toFixed(1)} ms, ` +
          `${sample.errors} errors, RSS ${sample.rssMiB.toFixed(0)} MiB, message p99 ${sample.messageP99Ms.toFixed(1)} ms`,
      );
    }, SAMPLE_SECONDS * 1_000);

    await Promise.all(Array.from({ length: CONCURRENCY }, (_, index) => worker(index)));
    clearInterval(messageTimer);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    clearInterval(sampler);
    totalDelivered += delivered;
    totalSent += sent;
    [...receivers, sender].forEach((socket) => socket.close());
    await processes.stop(hearth.process);

    return {
      durationSeconds,
      concurrency: CONCURRENCY,
      socketReceivers: SOCKET_RECEIVERS,
      mix: { ...MIX },
      samples,
      totalRequests,
      totalErrors,
      errorsByStatus,
      messagesExpected: totalSent * SOCKET_RECEIVERS,
      messagesDelivered: totalDelivered,
    };
  },

  charts(result: ScenarioResult<SoakData>) {
    const points = (pick: (sample: SoakSample) => number) =>
      result.data.samples.map((sample) => [sample.atSeconds, pick(sample)] as [number, number]);
    return [
      {
        kind: 'line' as const,
        file: 'soak-throughput',
        title: 'Soak: throughput and errors over time',
        xLabel: 'seconds',
        yLabel: 'per second',
        series: [
          { name: 'requests/s', points: points((sample) => sample.requestsPerSecond) },
          { name: 'errors/s', points: points((sample) => sample.errors / SAMPLE_SECONDS) },
        ],
      },
      {
        kind: 'line' as const,
        file: 'soak-latency',
        title: 'Soak: latency over time (ms)',
        xLabel: 'seconds',
        yLabel: 'ms',
        series: [
          { name: 'HTTP p50', points: points((sample) => sample.latencyP50Ms) },
          { name: 'HTTP p99', points: points((sample) => sample.latencyP99Ms) },
          { name: 'socket message p99', points: points((sample) => sample.messageP99Ms) },
        ],
      },
      {
        kind: 'line' as const,
        file: 'soak-memory',
        title: 'Soak: server resident memory (MiB)',
        xLabel: 'seconds',
        yLabel: 'MiB',
        series: [{ name: 'RSS', points: points((sample) => sample.rssMiB) }],
      },
    ];
  },

  render(result: ScenarioResult<SoakData>): string {
    const data = result.data;
    const quarter = Math.max(1, Math.floor(data.samples.length / 4));
    const median = (samples: SoakSample[]) =>
      percentile(
        samples.map((sample) => sample.rssMiB),
        50,
      );
    const early = median(data.samples.slice(quarter, 2 * quarter));
    const late = median(data.samples.slice(-quarter));
    const minutesBetween = ((data.samples.length - 2 * quarter) * SAMPLE_SECONDS) / 60 || 1;
    const growthPerMinute = (late - early) / minutesBetween;
    const every = Math.max(1, Math.round(30 / SAMPLE_SECONDS));
    const rows = data.samples
      .filter((_, index) => (index + 1) % every === 0 || index === data.samples.length - 1)
      .map(
        (sample) =>
          `| ${sample.atSeconds} s | ${Math.round(sample.requestsPerSecond).toLocaleString('en-US')} | ` +
          `${sample.latencyP50Ms.toFixed(1)} ms | ${sample.latencyP99Ms.toFixed(1)} ms | ${sample.errors} | ` +
          `${sample.messageP99Ms.toFixed(1)} ms | ${sample.rssMiB.toFixed(0)} MiB |`,
      );
    const mix = Object.entries(data.mix)
      .map(([operation, share]) => `${share}% \`${operation}\``)
      .join(', ');
    return [
      `## ${result.title}`,
      '',
      runDescription(result).split('\n').slice(0, 3).join('\n'),
      `- Load: ${data.concurrency} concurrent HTTP clients for ${data.durationSeconds} s (${mix}), as 4 demo users ` +
        `with bearer tokens; meanwhile ${data.socketReceivers} socket.io clients in one room receive a chat ` +
        `message sent every ${MESSAGE_INTERVAL_MS} ms. Rate-limit budgets raised out of the way; Redis ` +
        `${process.env.REDIS_URL ? 'as configured for the run' : 'as the run was configured'}.`,
      '',
      `Totals: ${data.totalRequests.toLocaleString('en-US')} requests, ${data.totalErrors} errors ` +
        `(${JSON.stringify(data.errorsByStatus)}); socket messages delivered ${data.messagesDelivered.toLocaleString('en-US')} ` +
        `of ${data.messagesExpected.toLocaleString('en-US')} expected.`,
      '',
      '| at | req/s | p50 | p99 | errors (5 s) | message p99 | server RSS |',
      '|---:|---:|---:|---:|---:|---:|---:|',
      ...rows,
      '',
      `Memory: the median RSS of the second quarter of the run was ${early.toFixed(0)} MiB and of the last quarter ` +
        `${late.toFixed(0)} MiB (${growthPerMinute >= 0 ? '+' : ''}${growthPerMinute.toFixed(1)} MiB per minute between them). ` +
        'The first quarter is left out: it is warm-up (JIT, pools, caches). A leak shows as steady growth across ' +
        'the whole run, not as a plateau.',
    ].join('\n');
  },
};

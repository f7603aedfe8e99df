import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  newestPublishedPostId,
  type RunningHearth,
  startHearth,
  topUpPublishedPosts,
} from '../support/hearth.js';
import { type LoadResult, meanRequestsPerSecond, measure } from '../support/load.js';
import { loadTable, runDescription } from '../support/report.js';
import type { BenchContext, BenchScenario, ScenarioResult } from '../support/scenario.js';

// What metrics and traces cost on the posts read path: the same build in four variants, identical but for
// observability, each in PROCESSES_PER_VARIANT processes, measured in the same run, one at a time, in alternating
// order (ABCDABCD, then DCBADCBA) so that a machine warming up or slowing down does not favour one variant.

export interface ObservabilityCostData {
  postId: number;
  rounds: number;
  /** Absent in results recorded before variants ran in several processes (one each). */
  processesPerVariant?: number;
  rows: LoadResult[];
}

const METRICS_TOKEN = randomBytes(24).toString('base64url');
/** How often the stand-in for Prometheus scrapes /metrics while metrics are on (Prometheus' default is 15 s). */
const SCRAPE_INTERVAL_MS = 5_000;
/**
 * Processes per variant. One process of a build can run a quarter slower than another for its whole life on a
 * shared VM (seen on 2026-12-01: two processes, one with metrics, differed by 24-26 %, in favour of whichever
 * started second), so each variant's figure averages processes as well as rounds.
 */
const PROCESSES_PER_VARIANT = 2;

interface Variant {
  /** Names its process and log file. */
  id: string;
  name: string;
  env: (collectorUrl: string) => NodeJS.ProcessEnv;
  /** The preload `npm start` uses; without OTEL_EXPORTER_OTLP_ENDPOINT it does nothing. */
  nodeArgs?: string[];
}

const PRELOAD = ['--import', './dist/instrumentation.js'];

const VARIANTS: readonly Variant[] = [
  {
    id: 'off',
    name: 'both off',
    env: () => ({ METRICS_TOKEN: '', METRICS_PORT: '', OTEL_EXPORTER_OTLP_ENDPOINT: '' }),
  },
  { id: 'metrics', name: 'metrics on', env: () => ({ METRICS_TOKEN, OTEL_EXPORTER_OTLP_ENDPOINT: '' }) },
  {
    id: 'traces-10',
    name: 'metrics + traces 10 %',
    env: (collectorUrl) => ({
      METRICS_TOKEN,
      OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl,
      OTEL_TRACES_SAMPLER_ARG: '0.1',
    }),
    nodeArgs: PRELOAD,
  },
  {
    id: 'traces-100',
    name: 'metrics + traces 100 %',
    env: (collectorUrl) => ({
      METRICS_TOKEN,
      OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl,
      OTEL_TRACES_SAMPLER: 'always_on',
    }),
    nodeArgs: PRELOAD,
  },
];

/** An OTLP/HTTP endpoint that accepts every export and keeps nothing: the cost measured is Hearth's own. */
async function startSpanSink(): Promise<{ url: string; exports: () => number; close(): void }> {
  let exports = 0;
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      exports++;
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exports: () => exports,
    close: () => server.close(),
  };
}

/** Scrapes /metrics like Prometheus would while `work` runs; a failed scrape fails the run. */
async function whileScraped<T>(hearth: RunningHearth, work: () => Promise<T>): Promise<T> {
  const scrape = async () => {
    const response = await fetch(`${hearth.baseUrl}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}`, 'accept-encoding': 'gzip' },
    });
    if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}`);
    await response.text();
  };
  await scrape();
  const timer = setInterval(
    () => void scrape().catch((error: Error) => console.error(error.message)),
    SCRAPE_INTERVAL_MS,
  );
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

export const observabilityCostScenario: BenchScenario<ObservabilityCostData> = {
  id: 'observability-cost',
  title: 'What metrics and traces cost on the posts read path',

  async run({ settings, processes, database, log }: BenchContext): Promise<ObservabilityCostData> {
    const sink = await startSpanSink();
    const instances: { variant: Variant; hearth: RunningHearth }[] = [];
    try {
      for (let copy = 1; copy <= PROCESSES_PER_VARIANT; copy += 1) {
        for (const variant of VARIANTS) {
          log(`starting Hearth (${variant.name}, process ${copy})`);
          const hearth = await startHearth(processes, database, variant.env(sink.url), {
            name: `hearth-${variant.id}-${copy}`,
            nodeArgs: variant.nodeArgs,
          });
          instances.push({ variant, hearth });
        }
      }
      await topUpPublishedPosts(database.url, settings.posts);
      const postId = await newestPublishedPostId(database.url);
      const routes = ['/api/v1/posts?page=1', `/api/v2/posts/${postId}`];
      const rounds = Array.from({ length: settings.rounds }, (_, round) =>
        round % 2 === 0 ? instances : [...instances].reverse(),
      );
      const rows: LoadResult[] = [];
      for (const round of rounds) {
        for (const route of routes) {
          for (const { variant, hearth } of round) {
            log(`measuring ${variant.name} GET ${route}`);
            const measureIt = () =>
              measure(variant.name, `GET ${route}`, `${hearth.baseUrl}${route}`, settings);
            const row =
              variant.name === 'both off' ? await measureIt() : await whileScraped(hearth, measureIt);
            log(
              `  ${Math.round(row.requestsPerSecond)} req/s, p99 ${row.latencyP99Ms} ms, ${row.errors} errors`,
            );
            rows.push(row);
          }
        }
      }
      if (sink.exports() === 0)
        throw new Error('the traced variants exported no span: tracing did not start');
      return { postId, rounds: settings.rounds, processesPerVariant: PROCESSES_PER_VARIANT, rows };
    } finally {
      for (const { hearth } of instances) await processes.stop(hearth.process);
      sink.close();
    }
  },

  charts(result: ScenarioResult<ObservabilityCostData>) {
    const routes = [...new Set(result.data.rows.map((row) => row.route))];
    return [
      {
        kind: 'bar' as const,
        file: 'observability-cost-throughput',
        title: 'Throughput (req/s) by observability setting, same run',
        yLabel: 'requests per second',
        categories: routes,
        series: VARIANTS.map(({ name }) => ({
          name,
          values: routes.map((route) => Math.round(meanRequestsPerSecond(result.data.rows, name, route))),
        })),
      },
    ];
  },

  render(result: ScenarioResult<ObservabilityCostData>): string {
    const { rows, rounds, processesPerVariant = 1 } = result.data;
    const routes = [...new Set(rows.map((row) => row.route))];
    const costs = routes.flatMap((route) => {
      const off = meanRequestsPerSecond(rows, 'both off', route);
      return VARIANTS.slice(1).map(({ name }) => {
        const change = (meanRequestsPerSecond(rows, name, route) / off - 1) * 100;
        return `- \`${route}\`, ${name}: ${change >= 0 ? '+' : ''}${change.toFixed(1)} % throughput against both off.`;
      });
    });
    return [
      `## ${result.title}`,
      '',
      runDescription(result),
      `- ${processesPerVariant} Hearth process${processesPerVariant === 1 ? '' : 'es'} per variant, all from the same build and alive together, measured ` +
        `one at a time in ${rounds} rounds (ABCDABCD, then DCBADCBA, and so on: BENCH_ROUNDS); each row below is ` +
        'one measurement, and the percentages average every process and round of a variant.',
      '- Metrics on: `METRICS_TOKEN` set (per-request hooks and process metrics), `/metrics` scraped every ' +
        `${SCRAPE_INTERVAL_MS / 1000} s during the run. Traces: the \`--import ./dist/instrumentation.js\` preload, ` +
        'exporting OTLP/HTTP (protobuf) to a local endpoint that discards them; 10 % is the default sampler ' +
        '(parent-based, ratio 0.1), 100 % is `OTEL_TRACES_SAMPLER=always_on`.',
      '',
      loadTable(rows),
      '',
      ...costs,
      '',
      'Target (issue 16): metrics on, traces off loses at most 3 % of the throughput of both off.',
    ].join('\n');
  },
};

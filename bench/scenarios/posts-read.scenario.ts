import { isDeepStrictEqual } from 'node:util';
import { newestPublishedPostId, startHearth, topUpPublishedPosts } from '../support/hearth.js';
import { type LoadResult, measure } from '../support/load.js';
import { freePort, waitUntilReady } from '../support/processes.js';
import { loadTable, runDescription } from '../support/report.js';
import type { BenchContext, BenchScenario, ScenarioResult } from '../support/scenario.js';

// Reading posts, the hottest path: Hearth against a bare node:http + pg server answering the same JSON from the
// same SQL, so the gap is what the framework layer costs (routing, validation, guards, ETag, helmet, logging).

export interface PostsReadData {
  publishedPosts: number;
  postId: number;
  databasePoolSize: number;
  rows: LoadResult[];
}

const BASELINE_READY_TIMEOUT_MS = 30_000;

/** Both servers must answer byte-for-byte the same data, or the comparison means nothing. */
async function assertSameAnswers(routes: string[], hearthUrl: string, baselineUrl: string): Promise<void> {
  for (const route of routes) {
    const [ours, theirs] = await Promise.all(
      [hearthUrl, baselineUrl].map(async (base) => {
        const response = await fetch(`${base}${route}`);
        if (response.status !== 200) throw new Error(`GET ${base}${route} answered ${response.status}`);
        return response.json();
      }),
    );
    if (!isDeepStrictEqual(ours, theirs)) {
      throw new Error(
        `Hearth and the baseline disagree on ${route}:\n${JSON.stringify(ours)}\n${JSON.stringify(theirs)}`,
      );
    }
  }
}

export const postsReadScenario: BenchScenario<PostsReadData> = {
  id: 'posts-read',
  title: 'Reading posts: Hearth vs. a bare node:http + pg baseline',

  async run({ settings, processes, database, log }: BenchContext): Promise<PostsReadData> {
    const databasePoolSize = Number(process.env.DATABASE_POOL_SIZE ?? 10);
    log('starting Hearth (migrations and demo seed run at start)');
    const hearth = await startHearth(processes, database, { DATABASE_POOL_SIZE: String(databasePoolSize) });
    const publishedPosts = await topUpPublishedPosts(database.url, settings.posts);
    const postId = await newestPublishedPostId(database.url);

    const baselinePort = await freePort();
    const baselineUrl = `http://127.0.0.1:${baselinePort}`;
    const baseline = processes.start(
      'baseline',
      process.execPath,
      ['--import', 'tsx', 'bench/baseline-server.ts'],
      {
        echo: true,
        env: {
          ...process.env,
          BASELINE_DATABASE_URL: database.url,
          PORT: String(baselinePort),
          POOL_SIZE: String(databasePoolSize),
        },
      },
    );
    await waitUntilReady(`${baselineUrl}/health`, baseline, BASELINE_READY_TIMEOUT_MS);

    // /health touches no database: the difference there is the HTTP stack alone (Nest, hooks, helmet, ...).
    const routes = ['/api/v1/posts?page=1', `/api/v2/posts/${postId}`, '/health'];
    await assertSameAnswers(routes, hearth.baseUrl, baselineUrl);
    log(`${publishedPosts} published posts; both servers answer identically`);

    const rows: LoadResult[] = [];
    for (const route of routes) {
      for (const [target, base] of [
        ['Hearth', hearth.baseUrl],
        ['baseline', baselineUrl],
      ] as const) {
        log(`measuring ${target} GET ${route}`);
        const row = await measure(target, `GET ${route}`, `${base}${route}`, settings);
        log(`  ${Math.round(row.requestsPerSecond)} req/s, p99 ${row.latencyP99Ms} ms, ${row.errors} errors`);
        rows.push(row);
      }
    }
    await processes.stop(baseline);
    await processes.stop(hearth.process);
    return { publishedPosts, postId, databasePoolSize, rows };
  },

  charts(result: ScenarioResult<PostsReadData>) {
    const routes = [...new Set(result.data.rows.map((row) => row.route))];
    const series = (target: string, pick: (row: LoadResult) => number) => ({
      name: target,
      values: routes.map((route) => {
        const row = result.data.rows.find(
          (candidate) => candidate.route === route && candidate.target === target,
        );
        return row ? pick(row) : 0;
      }),
    });
    return [
      {
        kind: 'bar' as const,
        file: 'posts-read-throughput',
        title: 'Throughput (req/s), Hearth vs. baseline, same run',
        yLabel: 'requests per second',
        categories: routes,
        series: ['Hearth', 'baseline'].map((target) =>
          series(target, (row) => Math.round(row.requestsPerSecond)),
        ),
      },
      {
        kind: 'bar' as const,
        file: 'posts-read-latency',
        title: 'p99 latency (ms), Hearth vs. baseline, same run',
        yLabel: 'p99 latency (ms)',
        categories: routes,
        series: ['Hearth', 'baseline'].map((target) => series(target, (row) => row.latencyP99Ms)),
      },
    ];
  },

  render(result: ScenarioResult<PostsReadData>): string {
    const { rows, publishedPosts, databasePoolSize } = result.data;
    const ratios = [...new Set(rows.map((row) => row.route))].map((route) => {
      const ours = rows.find((row) => row.route === route && row.target === 'Hearth');
      const theirs = rows.find((row) => row.route === route && row.target === 'baseline');
      const share =
        ours && theirs ? Math.round((ours.requestsPerSecond / theirs.requestsPerSecond) * 100) : NaN;
      return `- \`${route}\`: Hearth serves ${share}% of the baseline's throughput.`;
    });
    return [
      `## ${result.title}`,
      '',
      runDescription(result),
      `- Data: ${publishedPosts} published posts (demo seed topped up); both servers use a pool of ${databasePoolSize} ` +
        'connections to the same database, run on the same machine as autocannon, one target at a time.',
      '',
      loadTable(rows),
      '',
      ...ratios,
      '',
      'What the baseline (`bench/baseline-server.ts`) does: the same SQL as `PostsService` (the list page and the ' +
        'count side by side on two pooled connections; the post by id) and the same JSON, checked equal before measuring. `GET /health` ' +
        'touches no database, so its row is the cost of the HTTP stack alone; the posts rows add Prisma. What it ' +
        'skips is what the gap measures: Nest routing and versioning, DTO validation, the auth guard, the ETag ' +
        'interceptor (hashing every body), helmet headers, request ids and structured logging. Requests are sent ' +
        'without `Accept-Encoding`, so compression is not part of the numbers; Hearth runs with `NODE_ENV=production`, ' +
        '`LOG_LEVEL=warn` and rate-limit budgets far above the load (the limiter still counts every request in Redis or in process).',
    ].join('\n');
  },
};

import { newestPublishedPostId, startHearth, topUpPublishedPosts } from '../support/hearth.js';
import { type LoadResult, measure } from '../support/load.js';
import { loadTable, runDescription } from '../support/report.js';
import type { BenchContext, BenchScenario, ScenarioResult } from '../support/scenario.js';

// What the rate limiter costs: two limited routes served by Hearth with the limiter off and on, in the same run.
// The budget is far beyond what the run sends, so every answer is a 200 and the rows differ only by the limiter's
// work (resolve the caller, count the request, set headers). All servers run at once (idle while another is
// measured) and the cases take turns for several rounds, so warm-up, caches and whatever else the machine is
// doing weigh on every case alike.

export interface RateLimitData {
  postId: number;
  /** Requests per window allowed to the one anonymous caller (autocannon, one IP) when the limiter is on. */
  budget: number;
  /** The Redis the counters live in; null when REDIS_URL was unset (then only the in-process store is measured). */
  redis: string | null;
  rounds: number;
  /** Hearth's LOG_LEVEL (absent in results saved before runs were as deployed: then it was warn). */
  logLevel?: string;
  /** Every measured run, `rounds` per case. */
  rows: LoadResult[];
}

const BUDGET = 1_000_000_000;
const ROUNDS = 3;
const LIMITER_OFF = 'limiter off';
const LIMITER_REDIS = 'limiter on, Redis';
const LIMITER_IN_PROCESS = 'limiter on, in-process';

interface Case {
  target: string;
  env: NodeJS.ProcessEnv;
  /** The X-RateLimit-Limit header the route must answer with (none when off). */
  expectedLimit?: string;
}

function redisDescription(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 6379}`;
}

const caseOf = (row: LoadResult) => `${row.route} ${row.target}`;

/** The round with the median throughput, per route and target, in the order they were first measured. */
function medianRows(rows: LoadResult[]): LoadResult[] {
  return [...new Set(rows.map(caseOf))].map((key) => {
    const runs = rows
      .filter((row) => caseOf(row) === key)
      .sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
    return runs[Math.floor(runs.length / 2)];
  });
}

export const rateLimitScenario: BenchScenario<RateLimitData> = {
  id: 'rate-limit',
  title: 'Rate limiter cost: limited routes with the limiter off and on',

  async run({ settings, processes, database, log }: BenchContext): Promise<RateLimitData> {
    const redisUrl = process.env.REDIS_URL?.trim() || null;
    // A fresh key space per run, so the count starts at zero and the run leaves nothing that matters behind.
    const redis = redisUrl ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `hearth_bench:${Date.now()}:` } : {};
    const budget = { RATE_LIMIT_ANONYMOUS: String(BUDGET) };
    const cases: Case[] = [
      // The same deployment (Redis when available) with only the limiter turned off.
      { target: LIMITER_OFF, env: { ...redis, RATE_LIMIT_ENABLED: 'false' } },
      ...(redisUrl
        ? [{ target: LIMITER_REDIS, env: { ...redis, ...budget }, expectedLimit: String(BUDGET) }]
        : []),
      { target: LIMITER_IN_PROCESS, env: { REDIS_URL: '', ...budget }, expectedLimit: String(BUDGET) },
    ];
    if (!redisUrl) log('REDIS_URL is unset: measuring the in-process store only');

    const servers = [];
    for (const { target, env, expectedLimit } of cases) {
      log(`starting Hearth, ${target}`);
      servers.push({ target, expectedLimit, hearth: await startHearth(processes, database, env) });
    }
    await topUpPublishedPosts(database.url, settings.posts);
    const postId = await newestPublishedPostId(database.url);
    const routes = [`/api/v2/posts/${postId}`, '/api/v1/posts?page=1'];
    for (const { target, expectedLimit, hearth } of servers) {
      for (const route of routes) {
        const probe = await fetch(`${hearth.baseUrl}${route}`);
        const limit = probe.headers.get('x-ratelimit-limit') ?? undefined;
        if (probe.status !== 200 || limit !== expectedLimit) {
          throw new Error(`${target}: GET ${route} answered ${probe.status} with X-RateLimit-Limit ${limit}`);
        }
      }
    }

    const rows: LoadResult[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const route of routes) {
        for (const { target, hearth } of servers) {
          log(`round ${round}/${ROUNDS}: measuring ${target} GET ${route}`);
          const row = await measure(target, `GET ${route}`, `${hearth.baseUrl}${route}`, settings);
          log(
            `  ${Math.round(row.requestsPerSecond)} req/s, p99 ${row.latencyP99Ms} ms, ${row.errors} errors`,
          );
          if (row.non2xx > 0) {
            throw new Error(`${target}: ${row.non2xx} answers were not 2xx (429s would skew it)`);
          }
          rows.push(row);
        }
      }
    }
    for (const { hearth } of servers) await processes.stop(hearth.process);
    return {
      postId,
      budget: BUDGET,
      redis: redisUrl && redisDescription(redisUrl),
      rounds: ROUNDS,
      logLevel: 'info',
      rows,
    };
  },

  charts(result: ScenarioResult<RateLimitData>) {
    const rows = medianRows(result.data.rows);
    const routes = [...new Set(rows.map((row) => row.route))];
    const targets = [...new Set(rows.map((row) => row.target))];
    return [
      {
        kind: 'bar' as const,
        file: 'rate-limit-throughput',
        title: 'Rate limiter: throughput (req/s, median round), same run',
        yLabel: 'requests per second',
        categories: routes,
        series: targets.map((target) => ({
          name: target,
          values: routes.map((route) =>
            Math.round(
              rows.find((row) => row.route === route && row.target === target)?.requestsPerSecond ?? 0,
            ),
          ),
        })),
      },
    ];
  },

  render(result: ScenarioResult<RateLimitData>): string {
    const { redis, budget, rounds, logLevel = 'warn' } = result.data;
    const rows = medianRows(result.data.rows);
    const range = (of: LoadResult) => {
      const rates = result.data.rows
        .filter((row) => caseOf(row) === caseOf(of))
        .map((row) => row.requestsPerSecond);
      const [low, high] = [Math.min(...rates), Math.max(...rates)].map((rate) =>
        Math.round(rate).toLocaleString('en-US'),
      );
      return `${low}–${high}`;
    };
    const comparisons = rows.flatMap((row) => {
      const off = rows.find((other) => other.route === row.route && other.target === LIMITER_OFF);
      if (!off || row === off) return [];
      const share = Math.round((row.requestsPerSecond / off.requestsPerSecond) * 100);
      return [
        `- \`${row.route}\`, ${row.target}: ${share}% of the throughput with the limiter off ` +
          `(req/s over the rounds ${range(row)}, off ${range(off)}); ` +
          `p50 ${off.latencyP50Ms} → ${row.latencyP50Ms} ms, p99 ${off.latencyP99Ms} → ${row.latencyP99Ms} ms.`,
      ];
    });
    return [
      `## ${result.title}`,
      '',
      runDescription(result),
      `- Redis: ${redis ? `${redis}, on the same machine` : 'none (REDIS_URL unset)'}; Hearth runs with ` +
        `\`NODE_ENV=production\`, \`LOG_LEVEL=${logLevel}\`.`,
      `- Rounds: the ${new Set(rows.map((row) => row.target)).size} servers run side by side and take turns under ` +
        `load, ${rounds} rounds; each row is the median round of its route and target.`,
      '',
      loadTable(rows),
      '',
      ...comparisons,
      '',
      'Every request comes from one anonymous client (one IP), so all of them count against one budget ' +
        `(${budget.toLocaleString('en-US')} per window, never reached: no 429 in any row). "limiter off" is ` +
        '`RATE_LIMIT_ENABLED=false` with the same Redis configured; "limiter on, Redis" is the deployed setup ' +
        '(the hits on one counter in one event-loop turn counted by one atomic INCRBY script, shared by every ' +
        'instance); "limiter on, in-process" keeps the counters in memory (one instance only, no `REDIS_URL`, so ' +
        'nothing else uses Redis either).',
      '',
      'Every variant reads posts and near pages in batches (one query per event-loop turn, whatever the limiter), ' +
        'so the rows compare the limiter alone: a Redis round trip per turn before a request reaches its handler, or ' +
        'a counter in memory. With one client and 50 connections, runs on this shared VM differ by more than the ' +
        'in-process limiter costs, which is why it can read above 100 %.',
    ].join('\n');
  },
};

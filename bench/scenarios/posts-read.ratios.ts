import { type LoadResult, median } from '../support/load.js';
import { BARE, PLAIN, PLAIN_WITH_HELMET_AND_LOGS } from '../support/targets.js';
import type { PostsReadData, RouteKind } from './posts-read.scenario.js';

// Hearth's throughput as a share of the comparison servers', checked against the issue's targets.

/** Minimum shares (0.8 = 80 %) of the plain app's and the bare server's throughput; absent: no target. */
export interface RatioTarget {
  plain?: number;
  bare?: number;
}

/** Issue 13's targets: Hearth's throughput as a share of the plain app's and the bare server's, same run. */
export const TARGETS: Record<RouteKind, RatioTarget> = {
  health: { plain: 0.8 },
  post: { plain: 1, bare: 0.6 },
  page: { plain: 1, bare: 0.6 },
};

const percent = (share: number) => `${Math.round(share * 100)} %`;
const rate = (value: number) => Math.round(value).toLocaleString('en-US');

function perRoundShares(data: PostsReadData, target: string, other: string, route: string): number[] {
  const rateIn = (name: string, round: number) =>
    data.rows.find((row) => row.target === name && row.route === route && row.round === round)
      ?.requestsPerSecond;
  const shares: number[] = [];
  for (let round = 1; round <= data.rounds; round++) {
    const [ours, theirs] = [rateIn(target, round), rateIn(other, round)];
    if (ours !== undefined && theirs) shares.push(ours / theirs);
  }
  return shares;
}

function verdict(share: number, minimum: number | undefined): string {
  if (minimum === undefined) return '';
  const gap = Math.round((minimum - share) * 100);
  return gap <= 0 ? ` ✓ (≥ ${percent(minimum)})` : ` ✗ (target ≥ ${percent(minimum)}: ${gap} points short)`;
}

interface Ratio {
  kind: RouteKind;
  route: string;
  target: string;
  hearth: number;
  plain: number;
  bare: number;
}

/** The median req/s of `target` on `route` ("GET /health"); NaN when it was not measured. */
function rateIn(combined: LoadResult[], target: string, route: string): number {
  return combined.find((row) => row.target === target && row.route === route)?.requestsPerSecond ?? NaN;
}

function ratios(data: PostsReadData, combined: LoadResult[], hearthTargets: string[]): Ratio[] {
  const rateOf = (target: string, route: string) => rateIn(combined, target, route);
  return data.routes.flatMap(({ kind, route }) =>
    hearthTargets.map((target) => ({
      kind,
      route: `GET ${route}`,
      target,
      hearth: rateOf(target, `GET ${route}`),
      plain: rateOf(PLAIN, `GET ${route}`),
      bare: rateOf(BARE, `GET ${route}`),
    })),
  );
}

/** One row per route and Hearth variant: req/s of each, and the two shares with their targets. */
export function ratioTable(data: PostsReadData, combined: LoadResult[], hearthTargets: string[]): string {
  const lines = [
    '| route | Hearth | Hearth req/s | plain req/s | bare req/s | Hearth / plain | Hearth / bare |',
    '|---|---|---:|---:|---:|---|---|',
  ];
  for (const r of ratios(data, combined, hearthTargets)) {
    const goal = TARGETS[r.kind];
    lines.push(
      `| \`${r.route}\` | ${r.target} | ${rate(r.hearth)} | ${rate(r.plain)} | ${rate(r.bare)} | ` +
        `${percent(r.hearth / r.plain)}${verdict(r.hearth / r.plain, goal.plain)} | ` +
        `${percent(r.hearth / r.bare)}${verdict(r.hearth / r.bare, goal.bare)} |`,
    );
  }
  return lines.join('\n');
}

/** How much the shares moved between rounds: a wide range means a noisy machine. */
export function ratioLines(data: PostsReadData, hearthTargets: string[]): string[] {
  return data.routes.flatMap(({ route }) =>
    hearthTargets.map((target) => {
      const spread = (other: string) => {
        const shares = perRoundShares(data, target, other, `GET ${route}`);
        if (shares.length === 0) return 'n/a';
        return `${percent(Math.min(...shares))}–${percent(Math.max(...shares))} (median ${percent(median(shares))})`;
      };
      return `- \`GET ${route}\`, ${target}: per round, ${spread(PLAIN)} of plain, ${spread(BARE)} of bare.`;
    }),
  );
}

/**
 * The plain app with only helmet and request logs, as a share of the plain app, and Hearth as a share of it: what
 * those two behaviours alone cost a Nest app in the same run (no target; runs before this reference lack it).
 */
export function helmetAndLogsLines(
  data: PostsReadData,
  combined: LoadResult[],
  hearthTargets: string[],
): string[] {
  if (!data.targets.includes(PLAIN_WITH_HELMET_AND_LOGS)) return [];
  return [
    `Reference, same run: \`${PLAIN_WITH_HELMET_AND_LOGS}\` (the plain app plus helmet and request logs, nothing else).`,
    '',
    ...data.routes.map(({ route }) => {
      const name = `GET ${route}`;
      const reference = rateIn(combined, PLAIN_WITH_HELMET_AND_LOGS, name);
      const hearth = hearthTargets.map(
        (target) => `${target}: ${percent(rateIn(combined, target, name) / reference)} of it`,
      );
      const share = percent(reference / rateIn(combined, PLAIN, name));
      return `- \`${name}\`: ${rate(reference)} req/s, ${share} of the plain app. ${hearth.join('; ')}.`;
    }),
  ];
}

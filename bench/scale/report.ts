import { type CapturedPlan, planSummary, shortSql } from './plans.js';
import type { ScaleGoal, ScaleMetric, ScalePoint } from './series.js';

// The scale section's tables: the data at each size, each metric across sizes against its goal, and a one-line
// summary of every captured plan (the full plans are in bench/results/scale/latest.json).

export interface SeriesResult {
  id: string;
  title: string;
  unit: string;
  points: ScalePoint[];
}

const count = (value: number) => value.toLocaleString('en-US');
const sizeLabel = (size: number) =>
  size >= 1_000_000 && size % 1_000_000 === 0
    ? `${size / 1_000_000}M`
    : size >= 1_000 && size % 1_000 === 0
      ? `${size / 1_000}k`
      : count(size);

function valueText(metric: ScaleMetric | undefined): string {
  if (!metric) return '—';
  if (metric.value === null) return metric.note?.startsWith('error') ? 'failed (see below)' : '— (see below)';
  return metric.unit === 'req/s'
    ? `${count(Math.round(metric.value))} req/s`
    : `${metric.value >= 100 ? Math.round(metric.value) : metric.value.toFixed(1)} ms`;
}

function verdict(
  goal: ScaleGoal | undefined,
  first: ScaleMetric | undefined,
  last: ScaleMetric | undefined,
): string {
  if (!goal || !first || !last) return '';
  if (last.value === null) return goal.kind === 'at-most-ms' ? `✗ did not finish (≤ ${goal.max} ms)` : '';
  const ratio = first.value ? last.value / first.value : null;
  switch (goal.kind) {
    case 'share-of-smallest': {
      if (ratio === null) return '';
      const share = Math.round(ratio * 100);
      return `${share} % of the smallest ${share >= goal.min * 100 ? '✓' : '✗'} (≥ ${goal.min * 100} %)`;
    }
    case 'at-most-ms':
      return `${last.value <= goal.max ? '✓' : '✗'} (≤ ${goal.max} ms)`;
    case 'flat':
      return ratio === null ? '' : `× ${ratio.toFixed(1)} of the smallest (should stay flat)`;
  }
}

export function dataTable(series: SeriesResult): string {
  const lines = [`| ${series.unit} | rows | relation sizes (MiB) | grown in |`, '|---:|---|---|---:|'];
  for (const point of series.points) {
    const { relationMiB, ...counts } = point.tables as Record<string, number> & {
      relationMiB?: Record<string, number>;
    };
    const rows = Object.entries(counts)
      .map(([name, value]) => `${name} ${count(value)}`)
      .join(', ');
    const sizes = Object.entries(relationMiB ?? {})
      .map(([name, mib]) => `${name} ${mib}`)
      .join(', ');
    lines.push(`| ${count(point.size)} | ${rows} | ${sizes} | ${point.growSeconds.toFixed(0)} s |`);
  }
  return lines.join('\n');
}

export function metricsTable(series: SeriesResult): string {
  const sizes = series.points.map((point) => point.size);
  const ids = [...new Set(series.points.flatMap((point) => point.metrics.map((metric) => metric.id)))];
  const lines = [
    `| at ${series.unit} | ${sizes.map(sizeLabel).join(' | ')} | largest vs. smallest |`,
    `|---|${sizes.map(() => '---:').join('|')}|---|`,
  ];
  for (const id of ids) {
    const across = series.points.map((point) => point.metrics.find((metric) => metric.id === id));
    const known = across.find(Boolean)!;
    lines.push(
      `| ${known.label} | ${across.map(valueText).join(' | ')} | ${verdict(known.goal, across[0], across[across.length - 1])} |`,
    );
  }
  return lines.join('\n');
}

/** Notes that qualify a number (page reached, hits, total_entries exactness), per metric and size. */
export function metricNotes(series: SeriesResult): string[] {
  return series.points.flatMap((point) =>
    point.metrics
      .filter((metric) => metric.note)
      .map((metric) => `- ${sizeLabel(point.size)}, ${metric.label}: ${metric.note}.`),
  );
}

/** One row per request and statement (matched across sizes by its SQL text: parameters differ, text does not). */
export function plansTable(series: SeriesResult): string {
  const keyOf = (plan: CapturedPlan) => `${plan.request}\n${plan.sql}`;
  const rows = [
    ...new Map(
      series.points.flatMap((point) => point.plans.map((plan) => [keyOf(plan), plan] as const)),
    ).values(),
  ];
  const lines = [
    `| request | statement | ${series.points.map((point) => sizeLabel(point.size)).join(' | ')} |`,
    `|---|---|${series.points.map(() => '---').join('|')}|`,
  ];
  for (const row of rows) {
    const cells = series.points.map((point) => {
      const plan = point.plans.find((candidate) => keyOf(candidate) === keyOf(row));
      return plan ? planSummary(plan) : '—';
    });
    lines.push(`| ${row.request} | \`${shortSql(row.sql).replace(/\|/g, '\\|')}\` | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

export { sizeLabel };

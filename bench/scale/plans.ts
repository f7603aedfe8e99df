import type pg from 'pg';
import type { CapturedStatement, PgCaptureProxy } from '../support/pg-capture-proxy.js';
import type { HotRequest } from './series.js';

// EXPLAIN (ANALYZE, BUFFERS) of exactly the statements Hearth sent for each hot request (captured on the wire by
// the proxy), run again on the same data with the same parameters inside a transaction that is rolled back, so
// writes leave nothing behind. A statement that cannot run again (a unique key already taken, or over the time
// limit) gets its plan without ANALYZE and says why.

export interface CapturedPlan {
  request: string;
  /** Position of the statement among those of its request (0-based). */
  index: number;
  sql: string;
  params: (string | null)[];
  analyzed: boolean;
  plan: string[];
  /** "Execution Time" of the analyzed plan (ms). */
  executionMs?: number;
  error?: string;
}

// Statements worth a plan: reads and writes, not transaction control, settings or the pool's liveness checks.
const PLANNABLE = /^\s*(SELECT|WITH|INSERT|UPDATE|DELETE)\b/i;
const NOT_WORTH_A_PLAN = /set_config\(|^\s*SELECT\s+1\s*;?\s*$/i;

function distinct(statements: CapturedStatement[]): CapturedStatement[] {
  const seen = new Set<string>();
  return statements.filter(({ sql }) => {
    if (!PLANNABLE.test(sql) || NOT_WORTH_A_PLAN.test(sql) || seen.has(sql)) return false;
    seen.add(sql);
    return true;
  });
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function planRows(db: pg.Client, sql: string, params: (string | null)[]): Promise<string[]> {
  const { rows } = await db.query<{ 'QUERY PLAN': string }>(sql, params);
  return rows.map((row) => row['QUERY PLAN']);
}

async function explain(
  db: pg.Client,
  statement: CapturedStatement,
  timeoutMs: number,
): Promise<Pick<CapturedPlan, 'analyzed' | 'plan' | 'executionMs' | 'error'>> {
  try {
    await db.query('BEGIN');
    await db.query(`SET LOCAL statement_timeout = ${Math.round(timeoutMs)}`);
    const plan = await planRows(db, `EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`, statement.params);
    const execution = plan.map((line) => /Execution Time: ([\d.]+) ms/.exec(line)).find(Boolean);
    return { analyzed: true, plan, executionMs: execution ? Number(execution[1]) : undefined };
  } catch (error) {
    await db.query('ROLLBACK');
    const plan = await planRows(db, `EXPLAIN ${statement.sql}`, statement.params).catch(() => []);
    return { analyzed: false, plan, error: messageOf(error) };
  } finally {
    await db.query('ROLLBACK');
  }
}

/** Sends each hot request while the proxy records, then EXPLAINs what it recorded. */
export async function capturePlans(
  proxy: PgCaptureProxy,
  requests: HotRequest[],
  db: pg.Client,
  timeoutMs: number,
): Promise<CapturedPlan[]> {
  const plans: CapturedPlan[] = [];
  for (const request of requests) {
    proxy.record();
    try {
      await request.run();
    } finally {
      const statements = distinct(proxy.stopRecording());
      for (const [index, statement] of statements.entries()) {
        plans.push({
          request: request.name,
          index,
          sql: statement.sql,
          params: statement.params,
          ...(await explain(db, statement, timeoutMs)),
        });
      }
    }
  }
  return plans;
}

const ACCESS_PATH =
  /(Seq Scan|Parallel Seq Scan|Index Only Scan|Index Scan|Bitmap Heap Scan)(?: Backward)?(?: using (\S+))? on (\S+)/;

/** "2.1 ms; Index Only Scan posts_published_created_at_id_idx, Seq Scan posts" (or why it was not analyzed). */
export function planSummary(plan: CapturedPlan): string {
  const paths = [
    ...new Set(
      plan.plan.flatMap((line) => {
        const match = ACCESS_PATH.exec(line);
        return match ? [`${match[1]} ${match[2] ?? match[3]}`] : [];
      }),
    ),
  ];
  const ms = plan.executionMs;
  const time = plan.analyzed
    ? `${ms === undefined ? '?' : ms < 1 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : Math.round(ms)} ms`
    : `not analyzed (${(plan.error ?? '').slice(0, 60)})`;
  return [time, paths.join(', ') || 'no table scan'].join('; ');
}

/**
 * The statement in a line: Prisma's schema qualifiers and quotes dropped, a long select list elided (how rows are
 * found matters more here than which columns are read), cut to `length` characters.
 */
export function shortSql(sql: string, length = 110): string {
  const plain = sql
    .replace(/"public"\./g, '')
    .replace(/"/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^SELECT (?:(?! FROM ).){60,}? FROM /i, 'SELECT … FROM ');
  return plain.length > length ? `${plain.slice(0, length - 1)}…` : plain;
}

import type { PrismaService } from '../../../src/infra/database/prisma.service.js';

/** Per table: its row count and a digest of its rows' content. */
export type DatabaseFingerprint = Record<string, { rows: number; digest: string }>;

/**
 * Columns that change without a client's write being accepted, left out of the digests (row counts still
 * cover their tables):
 * - `sessions.last_seen_at` and `api_keys.last_used_at` are touched by any authenticated read, by design;
 * - the job worker finishes a job after its 202 (`status`, `result`, `error`, `finished_at`, `updated_at`),
 *   so a job accepted earlier in the run may finish while a later, refused request is in flight.
 */
const VOLATILE_COLUMNS: Record<string, string[]> = {
  sessions: ['last_seen_at'],
  api_keys: ['last_used_at'],
  jobs: ['status', 'result', 'error', 'finished_at', 'updated_at'],
};

const quoteLiteral = (value: string) => `'${value.replaceAll("'", "''")}'`;
const quoteIdentifier = (value: string) => `"${value.replaceAll('"', '""')}"`;

/**
 * Builds one query over every table of the app's schema (read from pg_class, so tables added later are covered);
 * the migrations bookkeeping table is not the app's data.
 */
export async function fingerprintQuery(prisma: PrismaService): Promise<string> {
  const tables = await prisma.$queryRaw<{ name: string }[]>`
    SELECT c.relname AS name
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname <> '_prisma_migrations'
    ORDER BY c.relname`;
  if (tables.length === 0) throw new Error('no tables found: is the database migrated?');
  return tables
    .map(({ name }) => {
      const volatile = (VOLATILE_COLUMNS[name] ?? []).map((column) => ` - ${quoteLiteral(column)}`).join('');
      return `SELECT ${quoteLiteral(name)} AS name, count(*)::int AS rows,
        md5(coalesce(string_agg(row_text, E'\\n' ORDER BY row_text), '')) AS digest
        FROM (SELECT (to_jsonb(t)${volatile})::text AS row_text FROM ${quoteIdentifier(name)} t) rows_of_table`;
    })
    .join('\nUNION ALL\n');
}

export async function fingerprint(prisma: PrismaService, query: string): Promise<DatabaseFingerprint> {
  const rows = await prisma.$queryRawUnsafe<{ name: string; rows: number; digest: string }[]>(query);
  return Object.fromEntries(rows.map(({ name, ...rest }) => [name, rest]));
}

/** The tables whose rows differ, for a failure message that says where to look. */
export function changedTables(before: DatabaseFingerprint, after: DatabaseFingerprint): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter(
    (name) => before[name]?.rows !== after[name]?.rows || before[name]?.digest !== after[name]?.digest,
  );
}

import type pg from 'pg';

/** Failed queries since start, by SQLSTATE class. */
export type QueryErrorCounts = Map<string, number>;

type AnyFunction = (...args: unknown[]) => unknown;
type Callback = (error: unknown, result?: unknown) => void;

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * The SQLSTATE class of a failed query ("23" integrity violation, "57" operator intervention such as a statement
 * timeout, "08" connection exception...), or `connection` when the server never answered (refused, reset, closed).
 */
export function sqlstateClassOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && SQLSTATE.test(code) ? code.slice(0, 2) : 'connection';
}

/** `operation` reporting its failures to `record`, in pg's callback form and in its promise form alike. */
function observingFailures(operation: AnyFunction, record: (error: unknown) => void): AnyFunction {
  return function (this: unknown, ...args: unknown[]) {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = (error: unknown, result?: unknown) => {
        if (error) record(error);
        (callback as Callback)(error, result);
      };
      return operation.apply(this, args);
    }
    const result = operation.apply(this, args) as { then?: unknown } | undefined;
    if (typeof result?.then === 'function') (result as Promise<unknown>).then(undefined, record);
    return result;
  };
}

/**
 * Counts the pool's failed queries into `counts`: every query runs on a pooled client (Prisma's adapter queries the
 * pool, which checks a client out, or a client it checked out for a transaction), and a query that could not get
 * a connection fails in the pool's connect. Instance properties only; pg's prototypes stay untouched.
 */
export function countQueryErrors(pool: pg.Pool, counts: QueryErrorCounts): void {
  const record = (error: unknown): void => {
    const sqlstateClass = sqlstateClassOf(error);
    counts.set(sqlstateClass, (counts.get(sqlstateClass) ?? 0) + 1);
  };
  const writable = (target: object) => target as unknown as { query: AnyFunction; connect: AnyFunction };
  writable(pool).connect = observingFailures(writable(pool).connect, record);
  pool.on('connect', (client) => {
    writable(client).query = observingFailures(writable(client).query, record);
  });
}

import type pg from 'pg';

/** Failed queries since start, by SQLSTATE class. */
export type QueryErrorCounts = Map<string, number>;

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * The SQLSTATE class of a failed query ("23" integrity violation, "57" operator intervention such as a statement
 * timeout, "08" connection exception...), or `connection` when the server never answered (refused, reset, closed).
 */
export function sqlstateClassOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && SQLSTATE.test(code) ? code.slice(0, 2) : 'connection';
}

type AnyQuery = (...args: unknown[]) => unknown;

/** A pg Client class that counts its failed promise queries into `counts` (what Prisma's adapter sends). */
export function countQueryErrors(Client: typeof pg.Client, counts: QueryErrorCounts): typeof pg.Client {
  const record = (error: unknown): void => {
    const sqlstateClass = sqlstateClassOf(error);
    counts.set(sqlstateClass, (counts.get(sqlstateClass) ?? 0) + 1);
  };
  return class QueryErrorCountingClient extends Client {
    constructor(...args: ConstructorParameters<typeof pg.Client>) {
      super(...args);
      const query = super.query as unknown as AnyQuery;
      // An own property, not an override: pg's overloads cannot be restated, and the original stays in the chain.
      (this as unknown as { query: AnyQuery }).query = (...queryArgs: unknown[]) => {
        const result = query.apply(this, queryArgs) as { then?: unknown } | undefined;
        if (typeof result?.then === 'function') (result as Promise<unknown>).then(undefined, record);
        return result;
      };
    }
  };
}

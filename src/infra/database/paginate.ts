/** Which page of an offset-paged list: 1-based page number and page size. */
export interface PageWindow {
  page: number;
  pageSize: number;
}

export interface Page<T> {
  items: T[];
  /** Every row of the list, on every page. */
  total: number;
}

export interface PagedQuery<T> {
  /** The rows of the list, in its order, from `skip`, at most `take` of them. */
  rows(range: { skip: number; take: number }): Promise<T[]>;
  count(): Promise<number>;
}

/**
 * One page of an offset-paged list and the list's total.
 *
 * Consistency: the page and the count run side by side on two pooled connections, not in one transaction. A
 * transaction would not make them agree anyway: under PostgreSQL's READ COMMITTED each statement takes its own
 * snapshot, so only REPEATABLE READ would, for BEGIN/COMMIT round trips on every list request. A total that is
 * one row off while a row is being written is acceptable for page metadata; the rows themselves are always real.
 */
export async function paginate<T>({ page, pageSize }: PageWindow, query: PagedQuery<T>): Promise<Page<T>> {
  const [items, total] = await Promise.all([
    query.rows({ skip: (page - 1) * pageSize, take: pageSize }),
    query.count(),
  ]);
  return { items, total };
}

// What the logs say about a request: never its query string, where signed URLs, OAuth `code`/`state` and reset
// tokens travel.

/** The path without its query string. */
export function pathOf(url: string | undefined): string {
  const path = url ?? '/';
  const query = path.indexOf('?');
  return query === -1 ? path : path.slice(0, query);
}

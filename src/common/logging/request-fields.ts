// What the logs say about a request: never its query string, where signed URLs, OAuth `code`/`state` and reset
// tokens travel.
import type { FastifyRequest } from 'fastify';

/** The path without its query string. */
export function pathOf(url: string | undefined): string {
  const path = url ?? '/';
  const query = path.indexOf('?');
  return query === -1 ? path : path.slice(0, query);
}

/** Method, path (no query string) and the route pattern that served it (absent for unmatched URLs). */
export function requestLogFields(request: FastifyRequest): { method: string; url: string; route?: string } {
  return { method: request.method, url: pathOf(request.url), route: request.routeOptions?.url };
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Metrics } from './metrics.js';

/** The route label of requests no route matched (404s): one series, whatever the URL. */
export const UNMATCHED_ROUTE = 'unmatched';
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? UNMATCHED_ROUTE;
}

/**
 * Request duration by route pattern (never the URL), method and status class, and requests in flight. Synchronous
 * hooks (no promise per request); register before any other hook, so a request counted in is always counted out.
 * A request whose client went away before the answer is counted out by onRequestAbort, not measured.
 */
export function registerHttpMetrics(fastify: FastifyInstance, metrics: Metrics): void {
  if (!metrics.enabled) return;
  fastify.addHook('onRequest', (_request, _reply, done) => {
    metrics.requestStarted();
    done();
  });
  fastify.addHook('onRequestAbort', (_request, done) => {
    metrics.requestAborted();
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const method = METHODS.has(request.method) ? request.method : 'other';
    metrics.requestFinished(routeOf(request), method, reply.statusCode, reply.elapsedTime / 1_000);
    done();
  });
}

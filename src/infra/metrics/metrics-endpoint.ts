import type { FastifyInstance, FastifyReply } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Metrics } from './metrics.js';

export const METRICS_PATH = '/metrics';

const UNAUTHENTICATED = JSON.stringify({
  error: { code: 'unauthenticated', message: 'Send Authorization: Bearer <METRICS_TOKEN>.' },
});

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Constant time: both sides are hashed to the same length first, so neither length nor content leaks. */
export function bearerMatches(header: string | undefined, expectedDigest: Buffer): boolean {
  const presented = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
  return timingSafeEqual(digest(presented), expectedDigest) && presented.length > 0;
}

export async function sendExposition(metrics: Metrics, reply: FastifyReply): Promise<void> {
  const { contentType, body } = await metrics.exposition();
  await reply.header('cache-control', 'no-store').type(contentType).send(body);
}

/**
 * `GET /metrics` on the API port, answered only with `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise). A
 * plain Fastify route: the API's guards (sessions, rate limits) and interceptors have no say in it. Without a
 * token the route does not exist, and the API's 404 answers.
 */
export function exposeMetricsOnApiPort(
  fastify: FastifyInstance,
  metrics: Metrics,
  token: string | undefined,
): void {
  if (!token) return;
  const expected = digest(token);
  fastify.get(METRICS_PATH, async (request, reply) => {
    if (!bearerMatches(request.headers.authorization, expected)) {
      await reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="metrics"')
        .header('cache-control', 'no-store')
        .type('application/json; charset=utf-8')
        .send(UNAUTHENTICATED);
      return;
    }
    await sendExposition(metrics, reply);
  });
}

import { hash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Route config (`@RouteConfig`, set by `@SkipEtag()`) for GET routes that never answer 304. */
export const SKIP_ETAG_CONFIG = 'skipEtag';

const JSON_TYPE = /^application\/json/i;

function strongEtag(body: string): string {
  return `"${hash('sha256', body, 'base64url').slice(0, 32)}"`;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((candidate) => candidate.trim() === etag);
}

/**
 * Whether a request carries credentials, so its answer may be user-specific. The AuthGuard has already
 * resolved the caller (also on public routes), so any identified user counts, whatever credential they used.
 */
function carriesCredentials(request: FastifyRequest): boolean {
  const headers = request.headers;
  if ((request as FastifyRequest & { user?: unknown }).user) return true;
  return Boolean(headers.authorization || headers.cookie || headers['x-api-key']);
}

function takesEtag(request: FastifyRequest, reply: FastifyReply, payload: unknown): payload is string {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (reply.statusCode !== 200 || typeof payload !== 'string') return false;
  if ((request.routeOptions.config as { [SKIP_ETAG_CONFIG]?: boolean }).skipEtag) return false;
  return JSON_TYPE.test(String(reply.getHeader('content-type') ?? ''));
}

/**
 * Strong ETags for GET JSON answers, hashed from the serialised body, and 304 when If-None-Match matches.
 * Cache-Control is `private` when the answer may depend on who asks. A Fastify hook rather than a Nest
 * interceptor: with no global interceptor, Nest runs handlers without an rxjs chain (about 10 % of the CPU of
 * GET /health). Registered before compression, so the tag names the identity body.
 */
export function registerEtags(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (!takesEtag(request, reply, payload)) return done(null, payload);
    const etag = strongEtag(payload);
    if (!reply.hasHeader('cache-control')) {
      reply.header('cache-control', carriesCredentials(request) ? 'private, no-cache' : 'public, no-cache');
    }
    reply.header('etag', etag);
    if (!matches(request.headers['if-none-match'], etag)) return done(null, payload);
    reply.status(304);
    done(null, '');
  });
}

import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable, map } from 'rxjs';

export const SKIP_ETAG = 'hearth:skip-etag';

function strongEtag(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
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
export function carriesCredentials(request: FastifyRequest): boolean {
  const headers = request.headers;
  if ((request as FastifyRequest & { user?: unknown }).user) return true;
  return Boolean(headers.authorization || headers.cookie || headers['x-api-key']);
}

/**
 * Strong ETags for GET JSON responses: the body is serialised once here, hashed, and answered with 304 when
 * If-None-Match matches. Cache-Control is `private` when the answer may depend on who asks.
 */
@Injectable()
export class EtagInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (request.method !== 'GET' && request.method !== 'HEAD') return next.handle();
    if (this.reflector.getAllAndOverride<boolean>(SKIP_ETAG, [context.getHandler(), context.getClass()])) {
      return next.handle();
    }
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((data: unknown) => {
        if (data === undefined || reply.statusCode !== 200) return data;
        const body = JSON.stringify(data);
        const etag = strongEtag(body);
        if (!reply.hasHeader('cache-control')) {
          reply.header(
            'cache-control',
            carriesCredentials(request) ? 'private, no-cache' : 'public, no-cache',
          );
        }
        reply.header('etag', etag);
        reply.type('application/json; charset=utf-8');
        if (matches(request.headers['if-none-match'], etag)) {
          reply.status(304);
          return '';
        }
        return body;
      }),
    );
  }
}

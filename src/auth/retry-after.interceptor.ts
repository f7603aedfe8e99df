import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { catchError, type Observable, throwError } from 'rxjs';
import { retryAfterSecondsOf } from './brute-force/brute-force.protection.js';

/** Adds `Retry-After` to brute-force refusals; the error body itself comes from the global filter. */
@Injectable()
export class RetryAfterInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        const retryAfterSeconds = retryAfterSecondsOf(error);
        if (retryAfterSeconds !== undefined && context.getType() === 'http') {
          context.switchToHttp().getResponse<FastifyReply>().header('retry-after', String(retryAfterSeconds));
        }
        return throwError(() => error);
      }),
    );
  }
}

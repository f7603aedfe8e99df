import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AuthError } from './auth.errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for cookie-authenticated requests: a state-changing request must come from an allowed origin,
 * proven by its `Origin` header (or, when a browser omits it, `Referer`). Browsers always send one of them on
 * cross-site POST/PUT/PATCH/DELETE and scripts cannot forge them, so a request with neither is refused too.
 * Bearer and API-key requests are exempt: a browser never attaches those on its own.
 */
@Injectable()
export class CsrfOriginPolicy {
  private readonly allowed: ReadonlySet<string>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.allowed = new Set(config.auth.allowedOrigins);
  }

  /** Throws 403 `csrf_failed` for an unsafe request that does not prove an allowed origin. */
  assertCookieRequestAllowed(request: FastifyRequest): void {
    if (SAFE_METHODS.has(request.method)) return;
    const origin = this.requestOrigin(request);
    if (!origin || !this.allowed.has(origin)) throw this.refusal();
  }

  /**
   * For requests that start a session (login): a cross-site form must not sign the browser into the attacker's
   * account. Clients that send no Origin at all (not browsers) are let through.
   */
  assertOriginAllowedIfPresent(request: FastifyRequest): void {
    const origin = this.requestOrigin(request);
    if (origin !== undefined && !this.allowed.has(origin)) throw this.refusal();
  }

  private requestOrigin(request: FastifyRequest): string | undefined {
    const origin = request.headers.origin;
    if (typeof origin === 'string' && origin !== '')
      return origin === 'null' ? 'null' : this.originOf(origin);
    const referer = request.headers.referer;
    if (typeof referer === 'string' && referer !== '') return this.originOf(referer);
    return undefined;
  }

  private originOf(url: string): string {
    try {
      return new URL(url).origin;
    } catch {
      return 'null';
    }
  }

  private refusal(): AuthError {
    return new AuthError('csrf_failed', 'The request did not come from an allowed origin.');
  }
}

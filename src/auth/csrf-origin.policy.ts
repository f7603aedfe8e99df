import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AuthError } from './auth.errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for cookie-authenticated requests: a state-changing request must come from its own origin or an
 * allowed one (CSRF_ALLOWED_ORIGINS, for cross-origin front ends), proven by its `Origin` header (or, when a
 * browser omits it, `Referer`). Browsers always send one of them on cross-site POST/PUT/PATCH/DELETE and scripts
 * cannot forge them, so a request with neither is refused too. Bearer and API-key requests are exempt: a browser
 * never attaches those on its own.
 *
 * "Its own origin" is the scheme and host the request was sent to: `request.protocol` and `request.host`, which
 * come from X-Forwarded-Proto/-Host only when TRUST_PROXY trusts the peer that sent them. A page on
 * http://127.0.0.1:3000 may therefore write to http://127.0.0.1:3000 whatever PUBLIC_URL says. (A DNS-rebinding
 * page also matches its own Host, but the browser never sends it Hearth's cookies, so it carries no session.)
 */
@Injectable()
export class CsrfOriginPolicy {
  private readonly allowed: ReadonlySet<string>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.allowed = new Set(config.auth.allowedOrigins);
  }

  /** Throws 403 `csrf_failed` for an unsafe request that does not prove its own or an allowed origin. */
  assertCookieRequestAllowed(request: FastifyRequest): void {
    if (SAFE_METHODS.has(request.method)) return;
    this.assertNotForgedCrossSite(request);
    const origin = this.requestOrigin(request);
    if (!origin || !this.isAllowed(request, origin)) throw this.refusal();
  }

  /**
   * For requests that start a session (login): a cross-site form must not sign the browser into the attacker's
   * account. Clients that send no Origin at all and are not browsers (no Sec-Fetch-Site) are let through.
   */
  assertOriginAllowedIfPresent(request: FastifyRequest): void {
    this.assertNotForgedCrossSite(request);
    const origin = this.requestOrigin(request);
    if (origin !== undefined && !this.isAllowed(request, origin)) throw this.refusal();
  }

  /** A browser always sends Origin on a cross-site unsafe request; `Sec-Fetch-Site: cross-site` without it is not one. */
  private assertNotForgedCrossSite(request: FastifyRequest): void {
    const site = request.headers['sec-fetch-site'];
    const origin = request.headers.origin;
    if (site === 'cross-site' && (typeof origin !== 'string' || origin === '')) throw this.refusal();
  }

  private isAllowed(request: FastifyRequest, origin: string): boolean {
    return this.allowed.has(origin) || origin === this.ownOrigin(request);
  }

  /** The origin this request was sent to. */
  private ownOrigin(request: FastifyRequest): string | undefined {
    const { protocol, host } = request;
    const origin = protocol && host ? this.originOf(`${protocol}://${host}`) : 'null';
    return origin === 'null' ? undefined : origin;
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

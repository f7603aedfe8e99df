import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuthenticatedUser } from './authenticated-user.js';
import type { CredentialResolver } from './credential-resolver.js';
import { CsrfOriginPolicy } from './csrf-origin.policy.js';
import { readSessionCookie } from './session-cookie.js';
import { SessionsService } from './sessions.service.js';

/**
 * The `hearth_session` cookie. An unknown or ended session is simply no credential (null), so a stale cookie
 * never blocks public routes such as login. A live session on a state-changing request must pass the CSRF check.
 */
@Injectable()
export class SessionCredentialResolver implements CredentialResolver {
  constructor(
    private readonly sessions: SessionsService,
    private readonly csrf: CsrfOriginPolicy,
  ) {}

  async resolve(request: FastifyRequest): Promise<AuthenticatedUser | null> {
    const token = readSessionCookie(request);
    if (!token) return null;
    const user = await this.sessions.resolve(token);
    if (user) this.csrf.assertCookieRequestAllowed(request);
    return user;
  }
}

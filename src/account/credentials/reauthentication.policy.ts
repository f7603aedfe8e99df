import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { User } from '../../generated/prisma/client.js';
import { AuthService } from '../../auth/auth.service.js';
import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { knownDeviceOf } from '../../auth/brute-force/known-device-cookie.js';
import { normalizeEmail } from '../../auth/normalize-email.js';
import { SessionsService } from '../../auth/sessions.service.js';
import { CredentialsError } from './credentials.errors.js';

/** How recent a sign-in stands in for a password on an account that has none (OAuth only). */
export const RECENT_SIGN_IN_MS = 10 * 60 * 1000;

/** Where the proof comes from: the caller as authenticated, and its request (address, known-device cookie). */
export interface ProofContext {
  caller: AuthenticatedUser;
  request: FastifyRequest;
}

/**
 * Sensitive changes need the account's password again, checked under the same brute-force limits as a sign-in.
 * An account without a password (OAuth only) proves itself with a cookie session younger than ten minutes instead:
 * a fresh provider sign-in. A bearer token or an older session gets 403 `reauthentication_required`.
 */
@Injectable()
export class ReauthenticationPolicy {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
  ) {}

  /** Resolves when `password` (or, for a passwordless account, a recent sign-in) proves the caller; else throws. */
  async prove(user: User, password: string | undefined, context: ProofContext): Promise<void> {
    if (user.passwordHash === null && password === undefined) {
      return this.assertRecentSignIn(context.caller);
    }
    if (password === undefined) {
      throw new CredentialsError('current_password_required', 'Your current password is required.');
    }
    const account = normalizeEmail(user.email);
    await this.auth.verifyCredentials(user.email, password, {
      ip: context.request.ip,
      knownDevice: knownDeviceOf(context.request, account),
    });
  }

  private async assertRecentSignIn(caller: AuthenticatedUser): Promise<void> {
    const startedAt =
      caller.via === 'session' && caller.sessionId
        ? await this.sessions.startedAt(caller.sessionId, caller.id)
        : null;
    if (startedAt && Date.now() - startedAt.getTime() < RECENT_SIGN_IN_MS) return;
    throw new CredentialsError(
      'reauthentication_required',
      'Sign in again (within the last 10 minutes) to do this.',
    );
  }
}

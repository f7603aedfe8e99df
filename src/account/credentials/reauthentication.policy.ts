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
 * Sensitive changes need fresh proof that the owner is at the keyboard, not just a live credential: the account's
 * password, checked under the same brute-force limits as a sign-in (401 `invalid_credentials` when wrong). An
 * account without a password (OAuth only) proves itself with a cookie session younger than ten minutes instead (a
 * fresh provider sign-in). Anything else (no password given, a bearer token, an older session) is 403
 * `reauthentication_required`, as account deletion answers.
 */
@Injectable()
export class ReauthenticationPolicy {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
  ) {}

  /**
   * Resolves with the password hash that was proven (null for a passwordless account proven by a recent sign-in)
   * when `password`, or a recent sign-in, proves the caller; else throws.
   */
  async prove(user: User, password: string | undefined, context: ProofContext): Promise<string | null> {
    if (user.passwordHash === null && password === undefined) {
      await this.assertRecentSignIn(context.caller);
      return null;
    }
    if (password === undefined) throw reauthenticationRequired('Confirm with your current password.');
    const account = normalizeEmail(user.email);
    const proven = await this.auth.verifyCredentials(user.email, password, {
      ip: context.request.ip,
      knownDevice: knownDeviceOf(context.request, account),
    });
    return proven.passwordHash;
  }

  private async assertRecentSignIn(caller: AuthenticatedUser): Promise<void> {
    const startedAt =
      caller.via === 'session' && caller.sessionId
        ? await this.sessions.startedAt(caller.sessionId, caller.id)
        : null;
    if (startedAt && Date.now() - startedAt.getTime() < RECENT_SIGN_IN_MS) return;
    throw reauthenticationRequired(
      'Your account has no password: sign in again with your provider, then retry within 10 minutes.',
    );
  }
}

function reauthenticationRequired(message: string): CredentialsError {
  return new CredentialsError('reauthentication_required', message, {
    recent_sign_in_seconds: RECENT_SIGN_IN_MS / 1000,
  });
}

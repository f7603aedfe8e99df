import { Injectable } from '@nestjs/common';
import { AuthService, type SignInClient } from '../../auth/auth.service.js';
import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { SessionsService } from '../../auth/sessions.service.js';
import { UsersRepository } from '../../users/users.repository.js';
import { LifecycleError } from './lifecycle.errors.js';

/** How recent a sign-in must be to stand in for a password, for accounts that have none (OAuth only). */
export const RECENT_SIGN_IN_MS = 10 * 60_000;

/**
 * Destructive account changes need fresh proof that the owner is at the keyboard, not just a live credential:
 * the current password when the account has one (checked with the same brute-force limits as login, 401
 * `invalid_credentials` when wrong), else a cookie session that signed in less than ten minutes ago. Anything
 * else is 403 `reauthentication_required`.
 */
@Injectable()
export class ReauthenticationPolicy {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    private readonly users: UsersRepository,
  ) {}

  async assertProven(
    user: AuthenticatedUser,
    password: string | undefined,
    client: SignInClient,
  ): Promise<void> {
    const account = await this.users.findById(user.id);
    if (!account) throw new LifecycleError('unauthenticated', 'Authentication is required.');
    if (account.passwordHash) {
      if (password === undefined) throw reauthenticationRequired('Confirm with your current password.');
      await this.auth.verifyCredentials(account.email, password, client);
      return;
    }
    if (!(await this.signedInRecently(user))) {
      throw reauthenticationRequired(
        'Your account has no password: sign in again with your provider, then retry within 10 minutes.',
      );
    }
  }

  private async signedInRecently(user: AuthenticatedUser): Promise<boolean> {
    if (user.via !== 'session' || !user.sessionId) return false;
    const signedInAt = await this.sessions.signedInAt(user.sessionId);
    return signedInAt !== null && Date.now() - signedInAt.getTime() < RECENT_SIGN_IN_MS;
  }
}

function reauthenticationRequired(message: string): LifecycleError {
  return new LifecycleError('reauthentication_required', message, {
    recent_sign_in_seconds: RECENT_SIGN_IN_MS / 1000,
  });
}

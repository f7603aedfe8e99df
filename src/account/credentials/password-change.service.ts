import { Injectable } from '@nestjs/common';
import { AuthError } from '../../auth/auth.errors.js';
import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { CredentialsRevocation } from '../../auth/credentials-revocation.service.js';
import { MailOutbox } from '../../auth/mail/mail-outbox.js';
import { Mailer } from '../../auth/mail/mailer.js';
import { PasswordHasher } from '../../auth/password-hasher.js';
import type { User } from '../../generated/prisma/client.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import { UsersRepository } from '../../users/users.repository.js';
import { type ProofContext, ReauthenticationPolicy } from './reauthentication.policy.js';

export interface PasswordChange {
  currentPassword?: string;
  newPassword: string;
}

/**
 * Changing (or, for an OAuth-only account, setting) the password of the signed-in person. Credentials die
 * together: every other session, every refresh token, every access token issued before (the credentials epoch
 * moves) and every socket of the user end. Only the caller's own cookie session survives, moved to the new epoch;
 * a bearer caller has no session to keep, so its own tokens end too and it signs in again with the new password.
 */
@Injectable()
export class PasswordChangeService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly reauthentication: ReauthenticationPolicy,
    private readonly revocation: CredentialsRevocation,
    private readonly mailer: Mailer,
    private readonly outbox: MailOutbox,
  ) {}

  async change(change: PasswordChange, context: ProofContext): Promise<void> {
    const user = await this.currentUser(context.caller);
    // The hash as the proof left it (it may have upgraded an outdated one): never one a concurrent change wrote.
    const provenHash = await this.reauthentication.prove(user, change.currentPassword, context);
    const passwordHash = await this.hasher.hash(change.newPassword);
    const keepSessionId = context.caller.via === 'session' ? context.caller.sessionId : undefined;
    await this.prisma.$transaction(async (tx) => {
      // Only over the proven hash: a change that lands meanwhile (a reset) wins, and this one is refused.
      const replaced = await tx.user.updateMany({
        where: { id: user.id, passwordHash: provenHash },
        data: { passwordHash },
      });
      if (replaced.count !== 1) throw invalidCredentials();
      // Reset links were asked for to replace the password that is gone now.
      await tx.passwordResetToken.updateMany({
        where: { userId: user.id, usedAt: null },
        data: { usedAt: new Date() },
      });
      await this.revocation.endSignInsWithin(tx, user.id, { keepSessionId });
    });
    await this.revocation.disconnect(user.id, { keepSessionId });
    this.mailNotice(user);
  }

  private async currentUser(caller: AuthenticatedUser): Promise<User> {
    const user = await this.users.findById(caller.id);
    if (!user) throw new AuthError('unauthenticated', 'Authentication is required.');
    return user;
  }

  private mailNotice(user: User): void {
    const what = user.passwordHash === null ? 'A password was set for' : 'The password was changed on';
    this.outbox.schedule('password change notice', () =>
      this.mailer.send({
        to: user.email,
        subject: 'Your Hearth password was changed',
        text:
          `${what} your Hearth account just now, and every other device was signed out.\n\n` +
          'If it was not you, reset your password at once with "Forgot password" and review your sessions.\n',
      }),
    );
  }
}

function invalidCredentials(): AuthError {
  return new AuthError('invalid_credentials', 'The email or password is wrong.');
}

import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AuthError } from '../../auth/auth.errors.js';
import { BruteForceProtection } from '../../auth/brute-force/brute-force.protection.js';
import { type AfterConfirmation, EmailConfirmationService } from '../../auth/email-confirmation.service.js';
import { MailOutbox } from '../../auth/mail/mail-outbox.js';
import { Mailer } from '../../auth/mail/mailer.js';
import { normalizeEmail } from '../../auth/normalize-email.js';
import type { EmailToken, Prisma } from '../../generated/prisma/client.js';
import { isUniqueViolation } from '../../infra/database/prisma-errors.js';
import { UsersRepository } from '../../users/users.repository.js';
import { type ProofContext, ReauthenticationPolicy } from './reauthentication.policy.js';

export interface EmailChange {
  newEmail: string;
  password?: string;
}

/**
 * Changing the account's email address. The request proves the caller (password, or a recent sign-in for an
 * OAuth-only account) and mails a `change_email` link to the new address; the address changes only when that link
 * is consumed (`POST /api/auth/email/confirm`: single use, stored hashed, expiring), and the old address then gets a
 * notice. The answer is the same 202 whether or not the new address is taken, and the lookup happens after the
 * answer, so neither the body nor its timing tells; a taken address simply gets no link. A link is refused once
 * the user's sign-ins have ended since it was asked for (password change or reset, sign out everywhere).
 */
@Injectable()
export class EmailChangeService implements OnModuleInit {
  constructor(
    private readonly users: UsersRepository,
    private readonly reauthentication: ReauthenticationPolicy,
    private readonly bruteForce: BruteForceProtection,
    private readonly emailConfirmation: EmailConfirmationService,
    private readonly mailer: Mailer,
    private readonly outbox: MailOutbox,
  ) {}

  onModuleInit(): void {
    this.emailConfirmation.registerPurpose('change_email', {
      subject: 'Confirm your new Hearth email address',
      text: (link, hours) =>
        'Someone asked to use this address for their Hearth account.\n\n' +
        `Open this link within ${hours} hours to confirm the change:\n${link}\n\n` +
        'If it was not you, ignore this email; nothing changes.\n',
      consume: (tx, token, now) => this.applyChange(tx, token, now),
    });
  }

  /** Proves the caller, then (after the answer) mails the link unless the address is taken. */
  async requestChange(change: EmailChange, context: ProofContext): Promise<void> {
    const user = await this.users.findById(context.caller.id);
    if (!user) throw new AuthError('unauthenticated', 'Authentication is required.');
    await this.reauthentication.prove(user, change.password, context);
    // Each request mails a stranger's address: limited per account and address like confirmation resends.
    await this.bruteForce.consume('resend', { account: normalizeEmail(user.email), ip: context.request.ip });
    const newEmail = normalizeEmail(change.newEmail);
    this.outbox.schedule('email change link', async () => {
      if (await this.users.findByEmail(newEmail)) return;
      await this.emailConfirmation.sendLink(user.id, newEmail, 'change_email');
    });
  }

  private async applyChange(
    tx: Prisma.TransactionClient,
    token: EmailToken,
    now: Date,
  ): Promise<AfterConfirmation> {
    const user = await this.users.findById(token.userId, tx);
    if (!user || token.createdAt < user.credentialsChangedAt) throw invalidLink();
    const holder = await this.users.findByEmail(token.email, tx);
    if (holder) throw holder.id === user.id ? invalidLink() : emailTaken();
    try {
      await this.users.changeEmail(user.id, token.email, now, tx);
    } catch (error) {
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
    return () => this.mailOldAddress(user.email, token.email);
  }

  private mailOldAddress(oldEmail: string, newEmail: string): void {
    this.outbox.schedule('email change notice', () =>
      this.mailer.send({
        to: oldEmail,
        subject: 'Your Hearth email address was changed',
        text:
          `The email address of your Hearth account was changed from ${oldEmail} to ${newEmail}.\n\n` +
          'If it was not you, someone else controls your account: contact us at once.\n',
      }),
    );
  }
}

function invalidLink(): AuthError {
  return new AuthError(
    'confirm_token_invalid',
    'This confirmation link is invalid or has already been used.',
  );
}

function emailTaken(): AuthError {
  return new AuthError('email_taken', 'Another account uses this email address now.');
}

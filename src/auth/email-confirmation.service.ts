import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { EmailToken, Prisma } from '../generated/prisma/client.js';
import { PrismaService } from '../infra/database/prisma.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { AuthError } from './auth.errors.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import { BruteForceProtection } from './brute-force/brute-force.protection.js';
import { MailOutbox } from './mail/mail-outbox.js';
import { Mailer } from './mail/mailer.js';
import { normalizeEmail } from './normalize-email.js';
import { hashOpaqueToken, newOpaqueToken } from './opaque-token.js';

/**
 * What a link proves and what consuming it does: `verify_email` is this feature's own; `change_email` is registered
 * by the account feature (registerPurpose).
 */
export type EmailTokenPurpose = 'verify_email' | 'change_email';

type Transaction = Prisma.TransactionClient;

/** Work to do once the claim has committed (a notice mailed to the old address). */
export type AfterConfirmation = () => void;

export interface EmailPurposeRule {
  subject: string;
  text(link: string, hours: number): string;
  /** Runs in the transaction that claimed the token; throws to refuse it (the claim rolls back). */
  consume(tx: Transaction, token: EmailToken, now: Date): Promise<AfterConfirmation | void>;
}

/**
 * Emailed links that prove a user controls an address: single use, expiring, stored as a SHA-256, mailed off the
 * request path. `POST /api/auth/email/confirm` consumes any purpose; each purpose says what that does.
 */
@Injectable()
export class EmailConfirmationService {
  private readonly rules: Partial<Record<EmailTokenPurpose, EmailPurposeRule>> = {
    verify_email: {
      subject: 'Confirm your Hearth email address',
      text: (link, hours) =>
        'Welcome to Hearth.\n\n' +
        `Open this link within ${hours} hours to confirm that this address is yours:\n${link}\n\n` +
        'If you did not create a Hearth account, ignore this email.\n',
      consume: (tx, token, now) => this.markVerified(tx, token, now),
    },
  };

  constructor(
    private readonly prisma: PrismaService,
    private readonly users: UsersRepository,
    private readonly mailer: Mailer,
    private readonly outbox: MailOutbox,
    private readonly bruteForce: BruteForceProtection,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Another feature says what its links do (in onModuleInit); `verify_email` stays this feature's. */
  registerPurpose(purpose: Exclude<EmailTokenPurpose, 'verify_email'>, rule: EmailPurposeRule): void {
    this.rules[purpose] = rule;
  }

  /** A new password account: the confirmation link is created now and mailed after the answer. */
  sendAfterRegistration(user: { id: number; email: string }): Promise<void> {
    return this.sendLink(user.id, user.email, 'verify_email');
  }

  /** Another link for the signed-in user, limited like forgot; none is sent once the address is confirmed. */
  async resend(user: AuthenticatedUser, ip: string): Promise<void> {
    await this.bruteForce.consume('resend', { account: normalizeEmail(user.email), ip });
    const current = await this.users.findById(user.id);
    if (current && !current.emailVerifiedAt) await this.sendLink(current.id, current.email, 'verify_email');
  }

  /**
   * Stores a link proving `email` for `purpose` (within the request, so its writes are done when it is answered)
   * and mails it to `email` off the request path.
   */
  async sendLink(userId: number, email: string, purpose: EmailTokenPurpose): Promise<void> {
    const token = newOpaqueToken();
    const ttlSeconds = this.config.auth.emailConfirmTtlSeconds;
    await this.prisma.emailToken.create({
      data: {
        tokenHash: hashOpaqueToken(token),
        userId,
        purpose,
        email,
        expiresAt: new Date(Date.now() + ttlSeconds * 1000),
      },
    });
    const url = new URL(this.config.auth.emailConfirmUrl);
    url.searchParams.set('token', token);
    const link = url.toString();
    const rule = this.rules[purpose];
    if (!rule) throw new Error(`no rule registered for email links of purpose ${purpose}`);
    const text = rule.text(link, Math.max(1, Math.round(ttlSeconds / 3600)));
    this.outbox.schedule(`${purpose} email`, () =>
      this.mailer.send({ to: email, subject: rule.subject, link, text }),
    );
  }

  /** Consumes a link: 400 `confirm_token_invalid` (unknown, used, no longer applicable) or `confirm_token_expired`. */
  async confirm(token: string): Promise<void> {
    const row = await this.prisma.emailToken.findUnique({ where: { tokenHash: hashOpaqueToken(token) } });
    const rule = row && this.rules[row.purpose as EmailTokenPurpose];
    if (!row || row.usedAt || !rule) throw invalidToken();
    const now = new Date();
    if (row.expiresAt <= now) {
      throw new AuthError('confirm_token_expired', 'This confirmation link has expired; request a new one.');
    }
    const afterCommit = await this.prisma.$transaction(async (tx) => {
      const claimed = await tx.emailToken.updateMany({
        where: { id: row.id, usedAt: null },
        data: { usedAt: now },
      });
      if (claimed.count !== 1) throw invalidToken();
      const after = await rule.consume(tx, row, now);
      // Every other link of the same purpose is spent with it.
      await tx.emailToken.updateMany({
        where: { userId: row.userId, purpose: row.purpose, usedAt: null },
        data: { usedAt: now },
      });
      return after;
    });
    afterCommit?.();
  }

  // A link for an address the account no longer has proves nothing about the account.
  private async markVerified(tx: Transaction, token: EmailToken, now: Date): Promise<void> {
    const user = await this.users.findById(token.userId, tx);
    if (!user || user.email !== token.email) throw invalidToken();
    if (!user.emailVerifiedAt) await this.users.markEmailVerified(user.id, now, tx);
  }
}

function invalidToken(): AuthError {
  return new AuthError(
    'confirm_token_invalid',
    'This confirmation link is invalid or has already been used.',
  );
}

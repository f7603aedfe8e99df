import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { PrismaService } from '../infra/database/prisma.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { AuthError } from './auth.errors.js';
import { BruteForceProtection } from './brute-force/brute-force.protection.js';
import { Mailer } from './mail/mailer.js';
import { normalizeEmail } from './normalize-email.js';
import { hashOpaqueToken, newOpaqueToken } from './opaque-token.js';
import { PasswordHasher } from './password-hasher.js';

const RESET_TOKEN_TTL_MS = 60 * 60 * 1000;

/**
 * Password reset by emailed link. Requests are answered before anything about the account is looked up: the
 * lookup, the token and the email happen off the request path, so neither the answer nor its timing tells
 * whether the address has an account.
 */
@Injectable()
export class PasswordResetService implements OnApplicationShutdown {
  private readonly logger = new Logger(PasswordResetService.name);
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly prisma: PrismaService,
    private readonly users: UsersRepository,
    private readonly mailer: Mailer,
    private readonly hasher: PasswordHasher,
    private readonly bruteForce: BruteForceProtection,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Schedules the reset email for `email` (if it has an account) and returns at once. */
  async requestReset(email: string, ip: string): Promise<void> {
    const account = normalizeEmail(email);
    await this.bruteForce.consume('forgot', { account, ip });
    const work = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.sendResetLink(account))
      .catch((error: unknown) =>
        this.logger.error(`password reset email failed: ${(error as Error).message ?? String(error)}`),
      )
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  /** Sets a new password with a reset token; every session and refresh token of the user is revoked. */
  async reset(token: string, password: string): Promise<void> {
    const row = await this.prisma.passwordResetToken.findUnique({
      where: { tokenHash: hashOpaqueToken(token) },
    });
    if (!row || row.usedAt) throw invalidToken();
    const now = new Date();
    if (row.expiresAt <= now) {
      throw new AuthError('reset_token_expired', 'This reset link has expired; request a new one.');
    }
    const passwordHash = await this.hasher.hash(password);
    await this.prisma.$transaction(async (tx) => {
      const claimed = await tx.passwordResetToken.updateMany({
        where: { id: row.id, usedAt: null },
        data: { usedAt: now },
      });
      if (claimed.count !== 1) throw invalidToken();
      await this.users.setPasswordHash(row.userId, passwordHash, tx);
      await tx.passwordResetToken.updateMany({
        where: { userId: row.userId, usedAt: null },
        data: { usedAt: now },
      });
      await tx.session.deleteMany({ where: { userId: row.userId } });
      await tx.refreshToken.updateMany({
        where: { userId: row.userId, revokedAt: null },
        data: { revokedAt: now },
      });
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private async sendResetLink(email: string): Promise<void> {
    const user = await this.users.findByEmail(email);
    if (!user) return;
    const token = newOpaqueToken();
    await this.prisma.passwordResetToken.create({
      data: {
        tokenHash: hashOpaqueToken(token),
        userId: user.id,
        expiresAt: new Date(Date.now() + RESET_TOKEN_TTL_MS),
      },
    });
    const link = new URL(this.config.auth.passwordResetUrl);
    link.searchParams.set('token', token);
    await this.mailer.send({
      to: user.email,
      subject: 'Reset your Hearth password',
      link: link.toString(),
      text:
        'Someone asked to reset the password of your Hearth account.\n\n' +
        `Open this link within one hour to choose a new password:\n${link.toString()}\n\n` +
        'If it was not you, ignore this email; your password stays the same.\n',
    });
  }
}

function invalidToken(): AuthError {
  return new AuthError('reset_token_invalid', 'This reset link is invalid or has already been used.');
}

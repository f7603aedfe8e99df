import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { PrismaService } from '../infra/database/prisma.service.js';
import { AuthError } from './auth.errors.js';
import { hashOpaqueToken, newOpaqueToken } from './opaque-token.js';

/**
 * Refresh tokens: opaque, stored hashed, single use. Each use is claimed atomically and replaced by a new token
 * of the same family; presenting an already-used token means it was stolen (or the client is confused), so the
 * whole family is revoked and the legitimate holder has to sign in again.
 */
@Injectable()
export class RefreshTokensService {
  private readonly logger = new Logger(RefreshTokensService.name);
  private readonly ttlMs: number;

  constructor(
    private readonly prisma: PrismaService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ttlMs = config.auth.refreshTokenTtlSeconds * 1000;
  }

  /** A token that starts a new family (a fresh sign-in). */
  issue(userId: number): Promise<string> {
    return this.create(userId, randomUUID());
  }

  /** Consumes `token` and returns its successor and owner; throws `invalid_token` for anything else. */
  async rotate(token: string): Promise<{ userId: number; refreshToken: string }> {
    const row = await this.prisma.refreshToken.findUnique({ where: { tokenHash: hashOpaqueToken(token) } });
    const now = new Date();
    if (!row || row.revokedAt || row.expiresAt <= now) throw invalidRefreshToken();
    const claimed = await this.prisma.refreshToken.updateMany({
      where: { id: row.id, usedAt: null, revokedAt: null },
      data: { usedAt: now },
    });
    if (claimed.count !== 1) {
      await this.prisma.refreshToken.updateMany({
        where: { familyId: row.familyId, revokedAt: null },
        data: { revokedAt: now },
      });
      this.logger.warn(
        { userId: row.userId, familyId: row.familyId },
        'refresh token reused; family revoked',
      );
      throw invalidRefreshToken();
    }
    return { userId: row.userId, refreshToken: await this.create(row.userId, row.familyId) };
  }

  async revokeFamilyOf(token: string): Promise<void> {
    const row = await this.prisma.refreshToken.findUnique({ where: { tokenHash: hashOpaqueToken(token) } });
    if (!row) return;
    await this.prisma.refreshToken.updateMany({
      where: { familyId: row.familyId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
  }

  private async create(userId: number, familyId: string): Promise<string> {
    const token = newOpaqueToken();
    await this.prisma.refreshToken.create({
      data: {
        tokenHash: hashOpaqueToken(token),
        familyId,
        userId,
        expiresAt: new Date(Date.now() + this.ttlMs),
      },
    });
    return token;
  }
}

function invalidRefreshToken(): AuthError {
  return new AuthError('invalid_token', 'The refresh token is invalid, expired or already used.');
}

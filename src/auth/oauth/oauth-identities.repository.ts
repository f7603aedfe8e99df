import { Injectable } from '@nestjs/common';
import type { OAuthIdentity, Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import type { OAuthProvider } from './oauth-profile.js';

type Tx = Prisma.TransactionClient;

/** What a user still has to sign in with, read under the lock that `lockSignInMethods` takes. */
export interface SignInMethods {
  hasPassword: boolean;
  providers: string[];
}

/**
 * The `oauth_identities` table, for everyone outside the sign-in flow (account self-service: list, link, unlink).
 * Changes to a user's ways of signing in are serialised on the user's row, so two concurrent unlinks cannot
 * remove the last two methods at once.
 */
@Injectable()
export class OAuthIdentitiesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Oldest link first. */
  listForUser(userId: number): Promise<OAuthIdentity[]> {
    return this.prisma.oAuthIdentity.findMany({
      where: { userId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
  }

  /** Runs `work` holding the user's row lock; null when the user does not exist (any more). */
  async withSignInMethodsLocked<T>(
    userId: number,
    work: (tx: Tx, methods: SignInMethods) => Promise<T>,
  ): Promise<T | null> {
    return this.prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ has_password: boolean }[]>`
        SELECT password_hash IS NOT NULL AS has_password FROM users WHERE id = ${userId} FOR UPDATE`;
      if (rows.length === 0) return null;
      const identities = await tx.oAuthIdentity.findMany({ where: { userId }, select: { provider: true } });
      return work(tx, { hasPassword: rows[0].has_password, providers: identities.map((i) => i.provider) });
    });
  }

  /** How many identities of `provider` were removed (0 or 1). */
  async removeWithin(tx: Tx, userId: number, provider: OAuthProvider): Promise<number> {
    const { count } = await tx.oAuthIdentity.deleteMany({ where: { userId, provider } });
    return count;
  }
}

import { Injectable } from '@nestjs/common';
import { LiveConnections } from '../common/live-connections.js';
import type { Prisma } from '../generated/prisma/client.js';
import { PrismaService } from '../infra/database/prisma.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { AuthError } from './auth.errors.js';

type Transaction = Prisma.TransactionClient;

/** Another feature's credentials of a user (API keys), dropped when the account is taken over. */
export interface CredentialHolder {
  revokeAllWithin(tx: Transaction, userId: number): Promise<void>;
}

export interface RevocationOptions {
  /** The caller's own session survives (a password change from it); everything else ends. */
  keepSessionId?: string;
}

/**
 * Credentials die together. The one entry point for everything that must end a user's sign-ins: logout-all,
 * password reset (and change), an OAuth take-over, account deletion. Moving the user's credentials epoch refuses
 * every access token issued before (each carries the epoch it was issued under); sessions and refresh tokens end
 * in the same transaction; once it has committed, the user's sockets are disconnected on every instance.
 */
@Injectable()
export class CredentialsRevocation {
  private readonly holders: CredentialHolder[] = [];

  constructor(
    private readonly prisma: PrismaService,
    private readonly users: UsersRepository,
    private readonly liveConnections: LiveConnections,
  ) {}

  /** Features holding credentials of their own register here in onModuleInit. */
  registerHolder(holder: CredentialHolder): void {
    this.holders.push(holder);
  }

  /** "Sign out everywhere": every session, refresh token, access token and socket of the user. */
  async endSignIns(userId: number, options: RevocationOptions = {}): Promise<void> {
    await this.prisma.$transaction((tx) => this.endSignInsWithin(tx, userId, options));
    await this.disconnect(userId, options);
  }

  /**
   * Inside the caller's transaction: moves the epoch, ends every session (but a kept one, which moves to the new
   * epoch) and revokes every refresh token. Returns the new epoch; call `disconnect` after the commit.
   */
  async endSignInsWithin(tx: Transaction, userId: number, options: RevocationOptions = {}): Promise<Date> {
    const epoch = await this.users.moveCredentialsEpoch(userId, tx);
    if (!epoch) throw new AuthError('unauthenticated', 'Authentication is required.');
    const kept = options.keepSessionId;
    await tx.session.deleteMany({ where: { userId, ...(kept && { id: { not: kept } }) } });
    if (kept) await tx.session.updateMany({ where: { id: kept, userId }, data: { credentialsEpoch: epoch } });
    await tx.refreshToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
    return epoch;
  }

  /**
   * Take-over for a newly proven owner: everything `endSignInsWithin` ends, plus the password, every linked
   * identity and every other feature's credentials (API keys). Returns the new epoch.
   */
  async dropAllCredentialsWithin(tx: Transaction, userId: number): Promise<Date> {
    const epoch = await this.endSignInsWithin(tx, userId);
    await this.users.setPasswordHash(userId, null, tx);
    await tx.oAuthIdentity.deleteMany({ where: { userId } });
    for (const holder of this.holders) await holder.revokeAllWithin(tx, userId);
    return epoch;
  }

  /** After the commit: the user's sockets end on every instance (but those of a kept session). */
  disconnect(userId: number, options: RevocationOptions = {}): Promise<void> {
    return this.liveConnections.endForUser(userId, { exceptSessionId: options.keepSessionId });
  }
}

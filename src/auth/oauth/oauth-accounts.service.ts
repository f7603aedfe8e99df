import { Injectable, Logger } from '@nestjs/common';
import type { User } from '../../generated/prisma/client.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { isUniqueViolation } from '../../infra/database/prisma-errors.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import { UsersRepository } from '../../users/users.repository.js';
import { AuthError, OAuthSignInRefusedError } from '../auth.errors.js';
import { CredentialsRevocation } from '../credentials-revocation.service.js';
import { normalizeEmail } from '../normalize-email.js';
import type { OAuthProfile } from './oauth-profile.js';

type IdentityData = Pick<Prisma.OAuthIdentityUncheckedCreateInput, 'provider' | 'providerUserId' | 'email'>;

/**
 * Maps a provider identity to a Hearth user, without letting anyone prepare an account for someone else
 * ("pre-account takeover"). By (provider, provider user id) first. Otherwise the provider must vouch for the
 * email, or nothing is created or linked (`oauth_email_unverified`). A vouched-for email then links to the
 * account holding it when that account confirmed its address and has no other identity at the provider
 * (`provider_already_linked`); when it never confirmed it, whoever made it did not prove the address, so the
 * verified owner takes the account over: its password, sessions, tokens, API keys and other identities are
 * dropped. With no account, a new one is created with the address already confirmed.
 */
@Injectable()
export class OAuthAccountsService {
  private readonly logger = new Logger(OAuthAccountsService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly users: UsersRepository,
    private readonly revocation: CredentialsRevocation,
  ) {}

  async signIn(profile: OAuthProfile): Promise<User> {
    try {
      return await this.findOrCreate(profile);
    } catch (error) {
      // Two callbacks for the same new identity raced; the loser finds what the winner created.
      if (isUniqueViolation(error)) {
        return this.findOrCreate(profile);
      }
      throw error;
    }
  }

  /**
   * Links the provider identity to the signed-in user `userId`. Idempotent for an identity already theirs; refused
   * when it signs in to someone else or the user already has another identity at that provider. The provider's
   * email is kept for display only: identities are found by provider user id, never by email.
   */
  async link(userId: number, profile: OAuthProfile): Promise<void> {
    const key = { provider: profile.provider, providerUserId: profile.providerUserId };
    const existing = await this.prisma.oAuthIdentity.findUnique({ where: { provider_providerUserId: key } });
    if (existing?.userId === userId) return;
    if (existing) throw linkedElsewhere(profile);
    if (await this.hasIdentityAt(userId, profile.provider)) throw providerAlreadyLinked(profile);
    const email = profile.email ? normalizeEmail(profile.email) : null;
    try {
      await this.prisma.oAuthIdentity.create({ data: { ...key, email, userId } });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // A concurrent link or sign-in won: either it took this identity, or it linked another one of the provider.
      const winner = await this.prisma.oAuthIdentity.findUnique({ where: { provider_providerUserId: key } });
      if (winner?.userId === userId) return;
      throw winner ? linkedElsewhere(profile) : providerAlreadyLinked(profile);
    }
    this.logger.log({ userId, provider: profile.provider }, 'provider identity linked');
  }

  private async hasIdentityAt(userId: number, provider: string): Promise<boolean> {
    return (await this.prisma.oAuthIdentity.count({ where: { userId, provider } })) > 0;
  }

  private async findOrCreate(profile: OAuthProfile): Promise<User> {
    const identity = await this.prisma.oAuthIdentity.findUnique({
      where: {
        provider_providerUserId: { provider: profile.provider, providerUserId: profile.providerUserId },
      },
      include: { user: true },
    });
    if (identity) return identity.user;

    if (!profile.email) {
      throw new AuthError(
        'oauth_email_required',
        `Your ${profile.provider} account does not share an email address.`,
      );
    }
    if (!profile.emailVerified) {
      throw new OAuthSignInRefusedError(
        'oauth_email_unverified',
        `${profile.provider} has not verified this email address; verify it there, then sign in again.`,
      );
    }
    const email = normalizeEmail(profile.email);
    const identityData = { provider: profile.provider, providerUserId: profile.providerUserId, email };
    const existing = await this.users.findByEmail(email);
    if (!existing) {
      return this.prisma.$transaction(async (tx) => {
        const user = await this.users.create(
          { email, displayName: profile.displayName, emailVerifiedAt: new Date() },
          tx,
        );
        await tx.oAuthIdentity.create({ data: { ...identityData, userId: user.id } });
        return user;
      });
    }
    if (existing.emailVerifiedAt) {
      // The account's own identity at this provider is another one: signing in must not quietly add a second.
      if (await this.hasIdentityAt(existing.id, profile.provider)) throw providerAlreadyLinked(profile);
      await this.prisma.oAuthIdentity.create({ data: { ...identityData, userId: existing.id } });
      return existing;
    }
    return this.takeOver(existing, identityData);
  }

  private async takeOver(account: User, identity: IdentityData): Promise<User> {
    const user = await this.prisma.$transaction(async (tx) => {
      await this.revocation.dropAllCredentialsWithin(tx, account.id);
      await tx.oAuthIdentity.create({ data: { ...identity, userId: account.id } });
      return this.users.markEmailVerified(account.id, new Date(), tx);
    });
    await this.revocation.disconnect(account.id);
    this.logger.warn(
      { userId: account.id, provider: identity.provider },
      'unconfirmed account taken over by the verified owner of its email; its credentials were dropped',
    );
    return user;
  }
}

function providerAlreadyLinked(profile: OAuthProfile): OAuthSignInRefusedError {
  return new OAuthSignInRefusedError(
    'provider_already_linked',
    `Another ${profile.provider} account is linked already; unlink it first.`,
  );
}

function linkedElsewhere(profile: OAuthProfile): OAuthSignInRefusedError {
  return new OAuthSignInRefusedError(
    'identity_linked_elsewhere',
    `This ${profile.provider} account signs in to another Hearth account.`,
  );
}

import { Injectable } from '@nestjs/common';
import type { User } from '../../generated/prisma/client.js';
import { isUniqueViolation } from '../../infra/database/prisma-errors.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import { UsersRepository } from '../../users/users.repository.js';
import { AuthError } from '../auth.errors.js';
import { normalizeEmail } from '../normalize-email.js';
import type { OAuthProfile } from './oauth-profile.js';

/**
 * Maps a provider identity to a Hearth user: by (provider, provider user id) first; otherwise an account with
 * the same email is linked only when the provider vouches for the email; otherwise a new account is created.
 */
@Injectable()
export class OAuthAccountsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly users: UsersRepository,
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
    const email = normalizeEmail(profile.email);
    const identityData = { provider: profile.provider, providerUserId: profile.providerUserId, email };
    const existing = await this.users.findByEmail(email);
    if (existing) {
      if (!profile.emailVerified) {
        throw new AuthError(
          'oauth_email_unverified',
          `An account with this email exists, but ${profile.provider} has not verified the email, so they cannot be linked.`,
        );
      }
      await this.prisma.oAuthIdentity.create({ data: { ...identityData, userId: existing.id } });
      return existing;
    }
    return this.prisma.$transaction(async (tx) => {
      const user = await this.users.create({ email, displayName: profile.displayName }, tx);
      await tx.oAuthIdentity.create({ data: { ...identityData, userId: user.id } });
      return user;
    });
  }
}

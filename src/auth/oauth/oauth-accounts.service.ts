import { Injectable, Logger } from '@nestjs/common';
import { DomainError, ForbiddenError } from '../../common/errors/domain-error.js';
import type { User } from '../../generated/prisma/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import { CredentialsRevocation } from '../credentials-revocation.service.js';
import { normalizeEmail } from '../normalize-email.js';
import type { OAuthProfile } from './oauth-profile.js';

/**
 * A sign-in that cannot be completed safely. Nobody is signed in; the browser is sent to the failure URL with
 * `error=<code>`, because the callback is a browser navigation, not an API call.
 */
export class OAuthSignInRefusedError extends DomainError {
  constructor(code: 'oauth_email_unverified', message: string) {
    super(409, code, message);
  }
}

type IdentityData = Pick<Prisma.OAuthIdentityUncheckedCreateInput, 'provider' | 'providerUserId' | 'email'>;

/**
 * Maps a provider identity to a Hearth user, without letting anyone prepare an account for someone else
 * ("pre-account takeover"). By (provider, provider user id) first. Otherwise the provider must vouch for the
 * email, or nothing is created or linked (`oauth_email_unverified`). A vouched-for email then links to the
 * account holding it when that account confirmed its address; when it never did, whoever made it did not prove
 * the address, so the verified owner takes the account over: its password, sessions, tokens, API keys and other
 * identities are dropped. With no account, a new one is created with the address already confirmed.
 */
@Injectable()
export class OAuthAccountsService {
  private readonly logger = new Logger(OAuthAccountsService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly revocation: CredentialsRevocation,
  ) {}

  async signIn(profile: OAuthProfile): Promise<User> {
    try {
      return await this.findOrCreate(profile);
    } catch (error) {
      // Two callbacks for the same new identity raced; the loser finds what the winner created.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
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
      throw new ForbiddenError(
        `Your ${profile.provider} account does not share an email address.`,
        'oauth_email_required',
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
    const existing = await this.prisma.user.findUnique({ where: { email } });
    if (!existing) {
      return this.prisma.user.create({
        data: {
          email,
          displayName: profile.displayName,
          emailVerifiedAt: new Date(),
          identities: { create: identityData },
        },
      });
    }
    if (existing.emailVerifiedAt) {
      await this.prisma.oAuthIdentity.create({ data: { ...identityData, userId: existing.id } });
      return existing;
    }
    return this.takeOver(existing, identityData);
  }

  private async takeOver(account: User, identity: IdentityData): Promise<User> {
    const user = await this.prisma.$transaction(async (tx) => {
      await this.revocation.dropAllCredentialsWithin(tx, account.id);
      await tx.oAuthIdentity.create({ data: { ...identity, userId: account.id } });
      return tx.user.update({ where: { id: account.id }, data: { emailVerifiedAt: new Date() } });
    });
    await this.revocation.disconnect(account.id);
    this.logger.warn(
      { userId: account.id, provider: identity.provider },
      'unconfirmed account taken over by the verified owner of its email; its credentials were dropped',
    );
    return user;
  }
}

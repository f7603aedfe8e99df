import { Injectable, Logger } from '@nestjs/common';
import type { OAuthIdentity } from '../../generated/prisma/client.js';
import { OAuthIdentitiesRepository } from '../../auth/oauth/oauth-identities.repository.js';
import { OAUTH_PROVIDERS, type OAuthProvider } from '../../auth/oauth/oauth-profile.js';
import { IdentitiesError } from './identities.errors.js';
import { assertUnlinkLeavesAWayIn } from './sign-in-methods.policy.js';

/**
 * The caller's linked providers: listing them and unlinking one. An account always keeps a way to sign in: a
 * password or another provider (the check runs under the user's row lock, so concurrent unlinks cannot both pass).
 */
@Injectable()
export class IdentitiesService {
  private readonly logger = new Logger(IdentitiesService.name);

  constructor(private readonly identities: OAuthIdentitiesRepository) {}

  list(userId: number): Promise<OAuthIdentity[]> {
    return this.identities.listForUser(userId);
  }

  async unlink(userId: number, provider: string): Promise<void> {
    if (!isProvider(provider)) throw notLinked(provider);
    const outcome = await this.identities.withSignInMethodsLocked(userId, async (tx, methods) => {
      assertUnlinkLeavesAWayIn(methods, provider);
      return this.identities.removeWithin(tx, userId, provider);
    });
    if (outcome === null) throw new IdentitiesError('unauthenticated', 'Authentication is required.');
    this.logger.log({ userId, provider }, 'provider identity unlinked');
  }
}

function isProvider(value: string): value is OAuthProvider {
  return (OAUTH_PROVIDERS as readonly string[]).includes(value);
}

function notLinked(provider: string): IdentitiesError {
  return new IdentitiesError('identity_not_found', `No ${provider} identity is linked to your account.`, {
    provider,
  });
}

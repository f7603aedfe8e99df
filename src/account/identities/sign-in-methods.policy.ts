import type { SignInMethods } from '../../auth/oauth/oauth-identities.repository.js';
import type { OAuthProvider } from '../../auth/oauth/oauth-profile.js';
import { IdentitiesError } from './identities.errors.js';

/**
 * An account always keeps a way to sign in: unlinking `provider` is allowed only while it is linked and a password
 * or another provider remains. 404 `identity_not_found` when it is not linked, 409 `last_sign_in_method` when it is
 * the last way in.
 */
export function assertUnlinkLeavesAWayIn(methods: SignInMethods, provider: OAuthProvider): void {
  if (!methods.providers.includes(provider)) {
    throw new IdentitiesError('identity_not_found', `No ${provider} identity is linked to your account.`, {
      provider,
    });
  }
  const others = methods.providers.filter((linked) => linked !== provider);
  if (!methods.hasPassword && others.length === 0) {
    throw new IdentitiesError(
      'last_sign_in_method',
      `${provider} is your only way to sign in: set a password or link another provider first.`,
    );
  }
}

export const OAUTH_PROVIDERS = ['google', 'github'] as const;
export type OAuthProvider = (typeof OAUTH_PROVIDERS)[number];

/** What Hearth keeps from a provider's profile, whichever provider it was. */
export interface OAuthProfile {
  provider: OAuthProvider;
  providerUserId: string;
  email: string | null;
  /** Only the provider's own say-so counts (Google `email_verified`, GitHub emails `verified`). */
  emailVerified: boolean;
  displayName: string | null;
}

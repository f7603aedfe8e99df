import { PassportStrategy } from '@nestjs/passport';
import { Strategy as GitHubStrategy } from 'passport-github2';
import { Strategy as GoogleStrategy, type Profile as GoogleProfile } from 'passport-google-oauth20';
import type { OAuthProviderConfig } from '../../config/app-config.js';
import type { OAuthProfile, OAuthProvider } from './oauth-profile.js';
import { CookieOAuthStateStore } from './oauth-state.store.js';

// The real passport strategies, pointed at configurable provider URLs (tests use a local fake provider).
// They are created by AuthModule only for configured providers, and run by OAuthController via runStrategy.

interface GitHubEmail {
  value: string;
  primary?: boolean;
  verified?: boolean;
}

function strategyOptions(provider: OAuthProvider, config: OAuthProviderConfig, publicUrl: string) {
  return {
    clientID: config.clientId,
    clientSecret: config.clientSecret,
    callbackURL: `${publicUrl.replace(/\/$/, '')}/api/auth/${provider}/callback`,
    passReqToCallback: false as const,
    // Typed for Express requests; ours sees the adapted request built by OAuthController.
    store: new CookieOAuthStateStore() as never,
    ...(config.authorizationUrl && { authorizationURL: config.authorizationUrl }),
    ...(config.tokenUrl && { tokenURL: config.tokenUrl }),
    ...(config.profileUrl && { userProfileURL: config.profileUrl }),
  };
}

export class GoogleOAuthStrategy extends PassportStrategy(GoogleStrategy, 'hearth-google') {
  constructor(config: OAuthProviderConfig, publicUrl: string) {
    super({ ...strategyOptions('google', config, publicUrl), scope: ['openid', 'email', 'profile'] });
  }

  validate(_accessToken: string, _refreshToken: string, profile: GoogleProfile): OAuthProfile {
    const email = profile.emails?.[0];
    const verified = (email as { verified?: unknown } | undefined)?.verified;
    return {
      provider: 'google',
      providerUserId: String(profile.id),
      email: email?.value ?? null,
      emailVerified: verified === true || verified === 'true',
      displayName: profile.displayName || null,
    };
  }
}

export class GitHubOAuthStrategy extends PassportStrategy(GitHubStrategy, 'hearth-github') {
  constructor(config: OAuthProviderConfig, publicUrl: string) {
    super({
      ...strategyOptions('github', config, publicUrl),
      ...(config.emailsUrl && { userEmailURL: config.emailsUrl }),
      scope: ['read:user', 'user:email'],
      // Keep every address with its `verified` flag instead of only the primary one.
      allRawEmails: true,
      userAgent: 'hearth',
    });
  }

  validate(
    _accessToken: string,
    _refreshToken: string,
    profile: { id: string; displayName?: string; username?: string; emails?: GitHubEmail[] },
  ): OAuthProfile {
    const emails = profile.emails ?? [];
    const verified = emails.find((e) => e.primary && e.verified) ?? emails.find((e) => e.verified);
    const fallback = emails.find((e) => e.primary) ?? emails[0];
    const chosen = verified ?? fallback;
    return {
      provider: 'github',
      providerUserId: String(profile.id),
      email: chosen?.value ?? null,
      emailVerified: Boolean(verified),
      displayName: profile.displayName || profile.username || null,
    };
  }
}

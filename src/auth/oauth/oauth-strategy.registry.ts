import { Inject, Injectable } from '@nestjs/common';
import type { Strategy } from 'passport';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AuthError } from '../auth.errors.js';
import type { OAuthProvider } from './oauth-profile.js';
import { GitHubOAuthStrategy, GoogleOAuthStrategy } from './oauth.strategies.js';

/** The passport strategy of each configured provider (one without client id and secret is simply absent). */
@Injectable()
export class OAuthStrategyRegistry {
  private readonly strategies = new Map<OAuthProvider, Strategy>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const { google, github } = config.auth;
    if (google) this.strategies.set('google', new GoogleOAuthStrategy(google, config.http.publicUrl));
    if (github) this.strategies.set('github', new GitHubOAuthStrategy(github, config.http.publicUrl));
  }

  get(provider: OAuthProvider): Strategy {
    const strategy = this.strategies.get(provider);
    if (!strategy)
      throw new AuthError('oauth_provider_not_configured', `Sign-in with ${provider} not found.`);
    return strategy;
  }
}

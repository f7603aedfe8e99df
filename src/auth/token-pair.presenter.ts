import type { TokenPair } from './auth.service.js';

export const TokenPairPresenter = {
  /** An OAuth 2.0-style token response (RFC 6749 §5.1). */
  present: (pair: TokenPair) => ({
    access_token: pair.accessToken,
    token_type: 'Bearer',
    expires_in: pair.expiresIn,
    refresh_token: pair.refreshToken,
  }),
};

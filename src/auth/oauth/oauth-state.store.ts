import { newOpaqueToken, safeEqual } from '../opaque-token.js';

/** The slice of a request that passport's OAuth2 strategy reads, plus the state this store hands over. */
export interface OAuthRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, string>;
  body?: undefined;
  oauthState: {
    /** Set by `store`: the controller puts it in a signed, HttpOnly, short-lived cookie. */
    issued?: string;
    /** Read by `verify`: the state from that cookie, if it came back intact. */
    expected?: string;
  };
}

export const INVALID_STATE = 'invalid_state';

type StoreCallback = (error: Error | null, state?: string) => void;
type VerifyCallback = (error: Error | null, ok: boolean, info?: { message: string; reason: string }) => void;

/**
 * passport-oauth2 state store backed by a cookie instead of express-session: `store` mints a random state for
 * the authorization redirect, `verify` accepts the callback only if its `state` equals the one in the cookie.
 * (Parameter counts matter: the strategy picks the call shape by each method's arity.)
 */
export class CookieOAuthStateStore {
  store(req: OAuthRequest, _meta: unknown, callback: StoreCallback): void {
    const state = newOpaqueToken();
    req.oauthState.issued = state;
    callback(null, state);
  }

  verify(req: OAuthRequest, providedState: unknown, _meta: unknown, callback: VerifyCallback): void {
    const expected = req.oauthState.expected;
    if (typeof providedState !== 'string' || !expected || !safeEqual(providedState, expected)) {
      callback(null, false, {
        message: 'The sign-in state does not match; start again.',
        reason: INVALID_STATE,
      });
      return;
    }
    callback(null, true);
  }
}

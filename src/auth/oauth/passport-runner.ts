import type { Strategy } from 'passport';
import type { OAuthRequest } from './oauth-state.store.js';

export type StrategyOutcome =
  | { kind: 'redirect'; url: string }
  | { kind: 'success'; user: unknown }
  | { kind: 'fail'; challenge: unknown; status?: number }
  | { kind: 'error'; error: unknown };

/**
 * Runs a passport strategy once, without passport's Express middleware (Hearth is on Fastify). This is what
 * `passport.authenticate` does internally: the strategy is instantiated per request with the five action
 * functions attached, and whichever it calls is the outcome.
 */
export function runStrategy(
  strategy: Strategy,
  request: OAuthRequest,
  options: Record<string, unknown> = {},
): Promise<StrategyOutcome> {
  return new Promise((resolve) => {
    const attempt = Object.create(strategy) as Strategy & {
      redirect(url: string, status?: number): void;
      success(user: unknown, info?: unknown): void;
      fail(challenge?: unknown, status?: number): void;
      error(error: unknown): void;
      pass(): void;
    };
    attempt.redirect = (url) => resolve({ kind: 'redirect', url });
    attempt.success = (user) => resolve({ kind: 'success', user });
    attempt.fail = (challenge, status) =>
      resolve({ kind: 'fail', challenge, status: typeof challenge === 'number' ? challenge : status });
    attempt.error = (error) => resolve({ kind: 'error', error });
    attempt.pass = () => resolve({ kind: 'error', error: new Error('strategy passed the request on') });
    try {
      (attempt.authenticate as unknown as (this: unknown, req: OAuthRequest, options: object) => void).call(
        attempt,
        request,
        options,
      );
    } catch (error) {
      resolve({ kind: 'error', error });
    }
  });
}

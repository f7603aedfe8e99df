import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { clientAddressKey } from '../../common/http/client-address.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { Metrics } from '../../infra/metrics/metrics.js';
import { AuthError } from '../auth.errors.js';
import { AttemptCounterStore, type CounterLimit } from './attempt-counter-store.js';

export type GuardedAction = 'login' | 'forgot' | 'resend';

export interface AttemptSource {
  /** Normalised email the attempt targets. */
  account: string;
  ip: string;
  /** The device id of a known-device cookie issued for this account (see known-device-cookie.ts). */
  knownDevice?: string;
}

/** A sign-in attempt that has been counted; call `succeeded` when the password was right. */
export interface SignInAttempt {
  succeeded(): Promise<void>;
}

/** 429 `rate_limited`; RetryAfterInterceptor also sends the wait as a Retry-After header. */
export function tooManyAttempts(retryAfterSeconds: number): AuthError {
  return new AuthError('rate_limited', 'Too many attempts; try again later.', {
    retry_after_seconds: retryAfterSeconds,
  });
}

/** The wait a brute-force refusal asks for; undefined for any other error. */
export function retryAfterSecondsOf(error: unknown): number | undefined {
  if (!(error instanceof AuthError) || error.code !== 'rate_limited') return undefined;
  return (error.details as { retry_after_seconds: number }).retry_after_seconds;
}

/**
 * Brute-force protection for sign-in (login, token) and password-reset requests, apart from the general rate
 * limits. Every attempt is counted atomically *before* the password is checked, so concurrent guesses cannot
 * outrun the limit. A refused attempt still counts against its own client (address or device), but never on a
 * counter shared with other clients, so nobody can fill an account's ceiling with attempts that are refused anyway.
 *
 * Sign-in counts failures on three counters: per account and client address (the usual lockout), per address
 * (password spraying), and per account over all addresses (a higher ceiling that bounds distributed guessing).
 * A client holding a known-device cookie for the account is counted on its device alone, so attackers elsewhere
 * cannot lock the owner out of the browsers they already use (OWASP's device-cookie scheme). A success clears the
 * client's failures on the account and gives back its slot on the others. Forgot counts every request per account and
 * per address. Storage errors refuse the attempt (503) rather than let it through.
 */
@Injectable()
export class BruteForceProtection {
  private readonly logger = new Logger(BruteForceProtection.name);

  constructor(
    private readonly store: AttemptCounterStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  /** Counts a sign-in attempt, or refuses it (429) when one of its counters is full. */
  async beginSignIn(source: AttemptSource): Promise<SignInAttempt> {
    const [own, ...shared] = this.signInCounters(source);
    await this.claim('login', [own, ...shared]);
    return {
      succeeded: () =>
        this.guarded(async () => {
          await this.store.clear(own.key);
          await Promise.all(shared.map(({ key }) => this.store.release(key)));
        }),
    };
  }

  /** Counts one request of `action` per account and per address, or refuses it (429) over either limit. */
  async consume(action: GuardedAction, source: AttemptSource): Promise<void> {
    const limits = this.config.auth.bruteForce[action];
    await this.claim(action, [
      { key: `${action}:account:${digest(source.account)}`, limit: limits.perAccount },
      { key: `${action}:ip:${clientAddressKey(source.ip)}`, limit: limits.perIp, ownedByClient: true },
    ]);
  }

  /** The client's own counter first, then the ones it shares with other clients. */
  private signInCounters(source: AttemptSource): CounterLimit[] {
    const limits = this.config.auth.bruteForce.login;
    if (source.knownDevice) {
      return [{ key: `login:device:${source.knownDevice}`, limit: limits.perAccount, ownedByClient: true }];
    }
    const account = digest(source.account);
    const ip = clientAddressKey(source.ip);
    return [
      { key: `login:account-ip:${account}:${ip}`, limit: limits.perAccount, ownedByClient: true },
      { key: `login:ip:${ip}`, limit: limits.perIp, ownedByClient: true },
      { key: `login:account:${account}`, limit: limits.perAccountAllIps },
    ];
  }

  private async claim(action: GuardedAction, counters: CounterLimit[]): Promise<void> {
    const windowMs = this.config.auth.bruteForce[action].windowSeconds * 1000;
    const result = await this.guarded(() => this.store.claim(counters, windowMs));
    if (result.allowed) return;
    this.metrics.rateLimitRejected(action);
    throw tooManyAttempts(Math.max(1, Math.ceil(result.retryAfterMs / 1000)));
  }

  private async guarded<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      this.logger.warn(`attempt counter unavailable: ${(error as Error).message}`);
      throw new AuthError('service_unavailable', 'A dependency is unavailable; try again shortly.');
    }
  }
}

// Emails are hashed so that the counter store holds no addresses.
function digest(account: string): string {
  return createHash('sha256').update(account).digest('base64url');
}

import { Logger } from '@nestjs/common';
import type { RateLimitStore } from './rate-limit-store.js';

const OUTAGE_WARNING_INTERVAL_MS = 10_000;

export interface BudgetDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** When the caller's window ends (ms since epoch). */
  resetAt: number;
  retryAfterSeconds: number;
}

/**
 * Budgets for one kind of action per caller (e.g. comments created per user), on top of the request budgets and on
 * the same fixed-window counters: exact across instances with Redis. Like the request limits, an action is allowed
 * while the counters are unreachable.
 */
export class ActionBudgets {
  private readonly logger = new Logger('ActionBudgets');
  private lastOutageWarning = 0;

  constructor(private readonly store: RateLimitStore) {}

  async spend(key: string, limit: number, windowMs: number): Promise<BudgetDecision> {
    try {
      const { count, resetAt } = await this.store.hit(`action:${key}`, windowMs);
      const retryAfterSeconds = Math.max(1, Math.ceil((resetAt - Date.now()) / 1_000));
      return {
        allowed: count <= limit,
        limit,
        remaining: Math.max(0, limit - count),
        resetAt,
        retryAfterSeconds,
      };
    } catch (error) {
      this.warnNotLimited(error as Error);
      return { allowed: true, limit, remaining: limit, resetAt: Date.now() + windowMs, retryAfterSeconds: 0 };
    }
  }

  private warnNotLimited(error: Error): void {
    if (Date.now() - this.lastOutageWarning < OUTAGE_WARNING_INTERVAL_MS) return;
    this.lastOutageWarning = Date.now();
    this.logger.warn(`Action budget counters unreachable, actions are not limited: ${error.message}`);
  }
}

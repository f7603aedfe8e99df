import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  mixin,
  type Type,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { RequestWithUser } from '../auth/auth.decorators.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ActionBudgets } from './action-budgets.js';

export interface ActionBudget {
  /** Names the action in the 429's `details.budget`, its message and its counters: "comments", "reports". */
  name: string;
  limit: number;
  windowSeconds: number;
}

/** The feature's own 429 `rate_limited` error, with this message and details. */
export type BudgetRefusal = (message: string, details: Record<string, unknown>) => Error;

/**
 * A guard that spends one unit of the signed-in caller's budget for one kind of action, on top of the request
 * budgets: every attempt counts, so a refused one cannot be retried for free. Beyond the budget: 429 with
 * Retry-After, as the feature's own error. Runs after the AuthGuard (anonymous callers never reach it).
 */
export function ActionBudgetGuard(
  budgetOf: (config: AppConfig) => ActionBudget,
  refusal: BudgetRefusal,
): Type<CanActivate> {
  @Injectable()
  class ActionBudgetGuardMixin implements CanActivate {
    constructor(
      private readonly budgets: ActionBudgets,
      @Inject(APP_CONFIG) private readonly config: AppConfig,
    ) {}

    async canActivate(context: ExecutionContext): Promise<boolean> {
      const user = context.switchToHttp().getRequest<RequestWithUser>().user;
      if (!user) return true;
      const { name, limit, windowSeconds } = budgetOf(this.config);
      const decision = await this.budgets.spend(`${name}:user:${user.id}`, limit, windowSeconds * 1_000);
      if (decision.allowed) return true;
      context
        .switchToHttp()
        .getResponse<FastifyReply>()
        .header('retry-after', String(decision.retryAfterSeconds));
      throw refusal(`Too many ${name}; try again after the time in Retry-After.`, {
        budget: name,
        limit: decision.limit,
        reset: Math.ceil(decision.resetAt / 1_000),
        retry_after_seconds: decision.retryAfterSeconds,
      });
    }
  }
  return mixin(ActionBudgetGuardMixin);
}

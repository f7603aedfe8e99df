import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { RequestWithUser } from '../auth/auth.decorators.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ActionBudgets } from '../rate-limit/action-budgets.js';
import { CommentsError } from './comments.errors.js';

/**
 * Comment creation's own per-user budget (COMMENT_CREATE_LIMIT per COMMENT_CREATE_WINDOW_SECONDS), on top of the
 * request budgets: every attempt counts, so a refused one cannot be retried for free. Runs after the AuthGuard.
 */
@Injectable()
export class CommentBudgetGuard implements CanActivate {
  constructor(
    private readonly budgets: ActionBudgets,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const user = context.switchToHttp().getRequest<RequestWithUser>().user;
    if (!user) return true; // the AuthGuard already refused anonymous callers
    const { createLimit, createWindowSeconds } = this.config.comments;
    const decision = await this.budgets.spend(
      `comments:user:${user.id}`,
      createLimit,
      createWindowSeconds * 1_000,
    );
    if (decision.allowed) return true;
    context
      .switchToHttp()
      .getResponse<FastifyReply>()
      .header('retry-after', String(decision.retryAfterSeconds));
    throw new CommentsError('rate_limited', 'Too many comments; try again after the time in Retry-After.', {
      budget: 'comments',
      limit: decision.limit,
      reset: Math.ceil(decision.resetAt / 1_000),
      retry_after_seconds: decision.retryAfterSeconds,
    });
  }
}

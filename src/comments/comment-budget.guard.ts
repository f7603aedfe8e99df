import { ActionBudgetGuard } from '../rate-limit/action-budget.guard.js';
import { CommentsError } from './comments.errors.js';

/** Comment creation's own per-user budget: COMMENT_CREATE_LIMIT per COMMENT_CREATE_WINDOW_SECONDS. */
export const CommentBudgetGuard = ActionBudgetGuard(
  ({ comments }) => ({
    name: 'comments',
    limit: comments.createLimit,
    windowSeconds: comments.createWindowSeconds,
  }),
  (message, details) => new CommentsError('rate_limited', message, details),
);

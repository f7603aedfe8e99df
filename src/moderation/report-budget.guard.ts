import { ActionBudgetGuard } from '../rate-limit/action-budget.guard.js';
import { ModerationError } from './moderation.errors.js';

/**
 * Reporting's own per-user budget (REPORT_CREATE_LIMIT per REPORT_CREATE_WINDOW_SECONDS): one open report per
 * target already, but without it one account could file a report on every post and bury the moderators' queue.
 */
export const ReportBudgetGuard = ActionBudgetGuard(
  ({ moderation }) => ({
    name: 'reports',
    limit: moderation.reportLimit,
    windowSeconds: moderation.reportWindowSeconds,
  }),
  (message, details) => new ModerationError('rate_limited', message, details),
);

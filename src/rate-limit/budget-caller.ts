import type { FastifyRequest } from 'fastify';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import type { CurrentUserResolver } from '../auth/current-user.resolver.js';
import { DomainError } from '../common/errors/domain-error.js';

/**
 * Whose budget a request spends: its caller, or nobody (the client address's anonymous budget) when it has no
 * credential or a bad one. A bad credential is refused afterwards by the AuthGuard, with the headers of the
 * anonymous budget it spent, so guessing tokens, keys or session ids is limited like any anonymous traffic.
 */
export async function budgetCaller(
  currentUser: CurrentUserResolver,
  request: FastifyRequest,
): Promise<AuthenticatedUser | null> {
  try {
    return await currentUser.resolve(request);
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
}

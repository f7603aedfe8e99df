import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Role } from '../generated/prisma/enums.js';
import type { AuthenticatedUser } from './authenticated-user.js';

export const IS_PUBLIC = 'hearth:public';
export const REQUIRED_ROLES = 'hearth:roles';
export const PERSON_ONLY = 'hearth:person-only';

/** Anyone may call this route; a signed-in caller is still identified (for drafts, Cache-Control, ...). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Signed-in users with one of these roles (admin always passes). */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/**
 * A person must be signed in (cookie session or bearer token): an API key gets 403 `api_key_forbidden`. Keys are
 * for partners' automation; admin work, account self-service and minting other credentials need a person.
 */
export const PersonOnly = () => SetMetadata(PERSON_ONLY, true);

export type RequestWithUser = FastifyRequest & {
  user?: AuthenticatedUser | null;
  /** What resolving the credential threw (401 bad credential, 403 CSRF), kept so that it is resolved once. */
  credentialError?: unknown;
};

/** The caller, as resolved by the AuthGuard: `AuthenticatedUser` on protected routes, possibly null on public ones. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<RequestWithUser>();
  return request.user ?? null;
});

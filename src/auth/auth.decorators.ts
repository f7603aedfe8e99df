import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Role } from '../generated/prisma/enums.js';
import type { AuthenticatedUser } from './authenticated-user.js';

export const IS_PUBLIC = 'hearth:public';
export const REQUIRED_ROLES = 'hearth:roles';

/** Anyone may call this route; a signed-in caller is still identified (for drafts, Cache-Control, ...). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Signed-in users with one of these roles (admin always passes). */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

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

import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiPersonOnly, ApiPublic, ApiRoles } from '../common/openapi/api-access.decorator.js';
import type { Role } from '../generated/prisma/enums.js';
import type { AuthenticatedUser } from './authenticated-user.js';

export const IS_PUBLIC = 'hearth:public';
export const REQUIRED_ROLES = 'hearth:roles';
export const PERSON_ONLY = 'hearth:person-only';

/** Anyone may call this route (the OpenAPI document says so too); a signed-in caller is still identified (for drafts, Cache-Control, ...). */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiPublic());

/** Signed-in users with one of these roles (admin always passes). */
export const Roles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(REQUIRED_ROLES, roles), ApiRoles(roles));

/**
 * A person must be signed in (cookie session or bearer token): an API key gets 403 `api_key_forbidden`. Keys are
 * for partners' automation; admin work, account self-service and minting other credentials need a person.
 */
export const PersonOnly = () => applyDecorators(SetMetadata(PERSON_ONLY, true), ApiPersonOnly());

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

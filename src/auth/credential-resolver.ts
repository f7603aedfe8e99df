import type { FastifyRequest } from 'fastify';
import type { AuthenticatedUser } from './authenticated-user.js';

/**
 * One way of proving identity (session cookie, bearer token, API key). `resolve` answers null when the request
 * carries no credential of its kind, and throws an UnauthenticatedError when it carries a bad one.
 * Modules register theirs with CurrentUserResolver.register() in onModuleInit.
 */
export interface CredentialResolver {
  resolve(request: FastifyRequest): Promise<AuthenticatedUser | null>;
}

import type { FastifyRequest } from 'fastify';
import type { AuthenticatedUser } from './authenticated-user.js';

/**
 * One way of proving identity (session cookie, bearer token, API key). `resolve` answers null when the request
 * carries no credential of its kind, and throws an UnauthenticatedError when it carries a bad one.
 */
export interface CredentialResolver {
  resolve(request: FastifyRequest): Promise<AuthenticatedUser | null>;
}

export const CREDENTIAL_RESOLVERS = Symbol('CREDENTIAL_RESOLVERS');

import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AuthError } from './auth.errors.js';
import { AccessTokenService } from './access-token.service.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import type { CredentialResolver } from './credential-resolver.js';

/** `Authorization: Bearer <access token>`; other schemes are left to other resolvers. */
@Injectable()
export class BearerCredentialResolver implements CredentialResolver {
  constructor(private readonly tokens: AccessTokenService) {}

  async resolve(request: FastifyRequest): Promise<AuthenticatedUser | null> {
    const header = request.headers.authorization;
    if (typeof header !== 'string') return null;
    const [scheme, token, ...rest] = header.trim().split(/\s+/);
    if (scheme.toLowerCase() !== 'bearer') return null;
    if (!token || rest.length > 0) {
      throw new AuthError('invalid_token', 'The access token is invalid or expired.');
    }
    return this.tokens.verify(token);
  }
}

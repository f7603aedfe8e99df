import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuthenticatedUser } from './authenticated-user.js';
import type { CredentialResolver } from './credential-resolver.js';
import type { RequestWithUser } from './auth.decorators.js';

/** The one place that answers "who is this request?" for HTTP; resolvers are tried in order, first hit wins. */
@Injectable()
export class CurrentUserResolver {
  private readonly resolvers: { resolver: CredentialResolver; order: number }[] = [];

  /** Lower `order` is tried first. */
  register(resolver: CredentialResolver, order = 100): void {
    this.resolvers.push({ resolver, order });
    this.resolvers.sort((a, b) => a.order - b.order);
  }

  /** The caller, or null for none; throws (every time it is asked) when the request carries a bad credential. */
  async resolve(request: FastifyRequest): Promise<AuthenticatedUser | null> {
    const cached = request as RequestWithUser;
    if (cached.credentialError !== undefined) throw cached.credentialError;
    if (cached.user !== undefined) return cached.user;
    try {
      cached.user = await this.firstMatch(request);
    } catch (error) {
      cached.credentialError = error;
      throw error;
    }
    return cached.user;
  }

  private async firstMatch(request: FastifyRequest): Promise<AuthenticatedUser | null> {
    for (const { resolver } of this.resolvers) {
      const user = await resolver.resolve(request);
      if (user) return user;
    }
    return null;
  }
}

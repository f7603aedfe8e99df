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

  async resolve(request: FastifyRequest): Promise<AuthenticatedUser | null> {
    const cached = request as RequestWithUser;
    if (cached.user !== undefined) return cached.user;
    let user: AuthenticatedUser | null = null;
    for (const { resolver } of this.resolvers) {
      user = await resolver.resolve(request);
      if (user) break;
    }
    cached.user = user;
    return user;
  }
}

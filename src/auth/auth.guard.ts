import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { RouteMetadataReflector } from '../common/http/route-metadata-reflector.js';
import type { Role } from '../generated/prisma/enums.js';
import { AuthError } from './auth.errors.js';
import { IS_PUBLIC, PERSON_ONLY, REQUIRED_ROLES } from './auth.decorators.js';
import { hasAnyRole } from './authenticated-user.js';
import { CurrentUserResolver } from './current-user.resolver.js';

/**
 * Global HTTP guard: routes need a signed-in user unless marked @Public(); @PersonOnly() refuses API keys;
 * @Roles() narrows further.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly reflector = new RouteMetadataReflector();

  constructor(private readonly currentUser: CurrentUserResolver) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const user = await this.currentUser.resolve(request);
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    if (!user) throw new AuthError('unauthenticated', 'Authentication is required.');
    if (user.via === 'api_key' && this.reflector.getAllAndOverride<boolean>(PERSON_ONLY, targets)) {
      throw new AuthError('api_key_forbidden', 'API keys cannot do this: sign in as a person.');
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !hasAnyRole(user, roles)) throw new AuthError('forbidden', 'Your role does not allow this.');
    return true;
  }
}

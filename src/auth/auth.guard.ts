import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Role } from '../generated/prisma/enums.js';
import { AuthError } from './auth.errors.js';
import { IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators.js';
import { hasAnyRole } from './authenticated-user.js';
import { CurrentUserResolver } from './current-user.resolver.js';

/** Global HTTP guard: routes need a signed-in user unless marked @Public(); @Roles() narrows further. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly currentUser: CurrentUserResolver,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const user = await this.currentUser.resolve(request);
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    if (!user) throw new AuthError('unauthenticated', 'Authentication is required.');
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !hasAnyRole(user, roles)) throw new AuthError('forbidden', 'Your role does not allow this.');
    return true;
  }
}

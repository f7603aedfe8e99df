import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { PrismaService } from '../infra/database/prisma.service.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import type { CredentialResolver } from './credential-resolver.js';

/**
 * TEST ONLY, until the auth issue lands: trusts `X-Test-User-Id`. Registered only when NODE_ENV=test and
 * HEARTH_TEST_AUTH=1 (see AuthModule), so it can never be reached in production.
 */
@Injectable()
export class TestHeaderCredentialResolver implements CredentialResolver {
  constructor(private readonly prisma: PrismaService) {}

  async resolve(request: FastifyRequest): Promise<AuthenticatedUser | null> {
    const header = request.headers['x-test-user-id'];
    if (typeof header !== 'string' || !/^\d+$/.test(header)) return null;
    const user = await this.prisma.user.findUnique({ where: { id: Number(header) } });
    return user ? { id: user.id, email: user.email, role: user.role, via: 'test' } : null;
  }
}

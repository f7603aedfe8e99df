import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { UnauthenticatedError } from '../common/errors/domain-error.js';
import { PrismaService } from '../infra/database/prisma.service.js';
import { AccessTokenVerifier } from './access-token-verifier.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import type { CredentialResolver } from './credential-resolver.js';

/**
 * TEST ONLY, until the auth issue lands: trusts `X-Test-User-Id`, and access tokens of the form `test-user:<id>`.
 * Registered only when NODE_ENV=test and HEARTH_TEST_AUTH=1 (see AuthModule), never in production.
 */
@Injectable()
export class TestHeaderCredentialResolver extends AccessTokenVerifier implements CredentialResolver {
  constructor(private readonly prisma: PrismaService) {
    super();
  }

  async resolve(request: FastifyRequest): Promise<AuthenticatedUser | null> {
    const header = request.headers['x-test-user-id'];
    if (typeof header !== 'string' || !/^\d+$/.test(header)) return null;
    return this.userById(Number(header));
  }

  async verify(token: string): Promise<AuthenticatedUser> {
    const match = /^test-user:(\d+)$/.exec(token);
    const user = match ? await this.userById(Number(match[1])) : null;
    if (!user) throw new UnauthenticatedError('invalid_token', 'The access token is invalid or expired.');
    return user;
  }

  private async userById(id: number): Promise<AuthenticatedUser | null> {
    const user = await this.prisma.user.findUnique({ where: { id } });
    return user ? { id: user.id, email: user.email, role: user.role, via: 'test' } : null;
  }
}

import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import type { CredentialResolver } from '../auth/credential-resolver.js';
import { ApiKeysService } from './api-keys.service.js';

@Injectable()
export class ApiKeyCredentialResolver implements CredentialResolver {
  constructor(private readonly apiKeys: ApiKeysService) {}

  async resolve(request: FastifyRequest): Promise<AuthenticatedUser | null> {
    const header = request.headers['x-api-key'];
    if (header === undefined) return null;
    return this.apiKeys.authenticate(Array.isArray(header) ? (header[0] ?? '') : header);
  }
}

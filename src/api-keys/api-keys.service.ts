import { Inject, Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { ApiKey } from '../generated/prisma/client.js';
import { PrismaService } from '../infra/database/prisma.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { ApiKeysError } from './api-keys.errors.js';
import { apiKeyMatches, apiKeyPrefix, generateApiKey } from './api-key-secret.js';

const LAST_USED_RESOLUTION_MS = 60_000;

/** Issues, lists, revokes and verifies API keys. Keys are checked against the database on every request, so a
 * revocation holds at once on every instance. */
@Injectable()
export class ApiKeysService {
  private readonly lastTouched = new Map<number, number>();

  constructor(
    private readonly prisma: PrismaService,
    private readonly users: UsersRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(
    issuer: AuthenticatedUser,
    input: { name: string; userId?: number; rateLimitPerHour?: number },
  ): Promise<{ record: ApiKey; key: string }> {
    if (input.userId !== undefined && !(await this.users.findById(input.userId))) {
      throw new ApiKeysError('unknown_user', 'user_id names no user.');
    }
    const { key, prefix, hash } = generateApiKey();
    const record = await this.prisma.apiKey.create({
      data: {
        name: input.name,
        prefix,
        keyHash: hash,
        userId: input.userId,
        createdById: issuer.id,
        rateLimitPerHour: input.rateLimitPerHour,
      },
    });
    return { record, key };
  }

  list(): Promise<ApiKey[]> {
    return this.prisma.apiKey.findMany({ orderBy: { id: 'desc' } });
  }

  async revoke(id: number): Promise<void> {
    const { count } = await this.prisma.apiKey.updateMany({
      where: { id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0 && !(await this.prisma.apiKey.findUnique({ where: { id } })))
      throw new ApiKeysError('not_found', 'API key not found.');
  }

  /** The user a key acts as: its owner, or the admin who issued it. */
  async authenticate(key: string): Promise<AuthenticatedUser> {
    const invalid = new ApiKeysError('invalid_api_key', 'The API key is unknown or revoked.');
    const prefix = apiKeyPrefix(key);
    if (!prefix) throw invalid;
    const record = await this.prisma.apiKey.findUnique({
      where: { prefix },
      include: { user: true, createdBy: true },
    });
    if (!record || record.revokedAt || !apiKeyMatches(key, record.keyHash)) throw invalid;
    const principal = record.user ?? record.createdBy;
    if (!principal) throw invalid;
    this.touch(record.id);
    return {
      id: principal.id,
      email: principal.email,
      role: principal.role,
      via: 'api_key',
      apiKeyId: record.id,
      apiKeyRateLimit: record.rateLimitPerHour ?? this.config.rateLimits.apiKeyDefault,
    };
  }

  /** last_used_at moves at most once a minute per key and instance, off the request path. */
  private touch(id: number): void {
    const now = Date.now();
    if (now - (this.lastTouched.get(id) ?? 0) < LAST_USED_RESOLUTION_MS) return;
    this.lastTouched.set(id, now);
    void this.prisma.apiKey
      .updateMany({ where: { id }, data: { lastUsedAt: new Date(now) } })
      .catch(() => undefined);
  }
}

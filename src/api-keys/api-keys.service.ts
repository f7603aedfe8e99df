import { Inject, Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import type { CredentialHolder } from '../auth/credentials-revocation.service.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { ApiKey, Prisma } from '../generated/prisma/client.js';
import { PerTurnBatcher } from '../common/per-turn-batcher.js';
import { type PreparedRead, PrismaService } from '../infra/database/prisma.service.js';
import { BatchedUserReads } from '../users/batched-user-reads.js';
import { ApiKeysError } from './api-keys.errors.js';
import { apiKeyMatches, apiKeyPrefix, generateApiKey } from './api-key-secret.js';

const LAST_USED_RESOLUTION_MS = 60_000;

/** What checking a presented key needs of its record. */
type KeyRecord = Pick<
  ApiKey,
  'id' | 'prefix' | 'keyHash' | 'userId' | 'createdById' | 'rateLimitPerHour' | 'revokedAt'
>;

const API_KEYS_BY_PREFIXES: PreparedRead = {
  name: 'api_keys_by_prefixes',
  text: `SELECT id, prefix, key_hash AS "keyHash", user_id AS "userId", created_by_id AS "createdById",
    rate_limit_per_hour AS "rateLimitPerHour", revoked_at AS "revokedAt"
    FROM api_keys WHERE prefix = ANY($1::text[])`,
};

/** Issues, lists, revokes and verifies API keys. Keys are checked against the database on every request, so a
 * revocation holds at once on every instance. */
@Injectable()
export class ApiKeysService implements CredentialHolder {
  private readonly lastTouched = new Map<number, number>();
  /** The keys presented in one event-loop turn's requests share one read (a partner's burst costs one query). */
  private readonly records: PerTurnBatcher<string, KeyRecord>;

  constructor(
    private readonly prisma: PrismaService,
    private readonly users: BatchedUserReads,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.records = new PerTurnBatcher(
      prisma.rowsByKey<KeyRecord, string>(API_KEYS_BY_PREFIXES, (row) => row.prefix),
    );
  }

  async create(
    issuer: AuthenticatedUser,
    input: { name: string; userId?: number; rateLimitPerHour?: number },
  ): Promise<{ record: ApiKey; key: string }> {
    if (input.userId !== undefined && !(await this.users.find(input.userId))) {
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

  /** Every key that acts as the user: those they own, and those without owner that they issued. */
  async revokeAllWithin(tx: Prisma.TransactionClient, userId: number): Promise<void> {
    await tx.apiKey.updateMany({
      where: { revokedAt: null, OR: [{ userId }, { userId: null, createdById: userId }] },
      data: { revokedAt: new Date() },
    });
  }

  /** The user a key acts as: its owner, or the admin who issued it. */
  async authenticate(key: string): Promise<AuthenticatedUser> {
    const invalid = new ApiKeysError('invalid_api_key', 'The API key is unknown or revoked.');
    const prefix = apiKeyPrefix(key);
    if (!prefix) throw invalid;
    const record = await this.records.load(prefix);
    if (!record || record.revokedAt || !apiKeyMatches(key, record.keyHash)) throw invalid;
    const principalId = record.userId ?? record.createdById;
    const principal = principalId === null ? undefined : await this.users.find(principalId);
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

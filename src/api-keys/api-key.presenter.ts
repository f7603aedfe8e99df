import type { ApiKey } from '../generated/prisma/client.js';

export const ApiKeyPresenter = {
  /** Never the key or its hash: the key itself is shown once, by the create endpoint. */
  present: (key: ApiKey, defaultRateLimit: number) => ({
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    user_id: key.userId,
    rate_limit_per_hour: key.rateLimitPerHour ?? defaultRateLimit,
    created_at: key.createdAt.toISOString(),
    last_used_at: key.lastUsedAt?.toISOString() ?? null,
    revoked_at: key.revokedAt?.toISOString() ?? null,
  }),
};

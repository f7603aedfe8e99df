import { ApiProperty } from '@nestjs/swagger';
import {
  ApiIdProperty,
  ApiIntegerProperty,
  ApiTimestampProperty,
  ListOf,
} from '../common/openapi/api-properties.js';
import type { ApiKey } from '../generated/prisma/client.js';

/** An API key as listed: never the key or its hash. */
export class ApiKeyResponse {
  @ApiIdProperty()
  id!: number;

  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Partner feed' })
  name!: string;

  @ApiProperty({ description: 'The start of the key, to recognise it.', example: 'hk_3f9a1c' })
  prefix!: string;

  @ApiIdProperty({
    nullable: true,
    description: 'Requests made with the key act as this user (null: a key whose owner was never set).',
  })
  user_id!: number | null;

  @ApiIntegerProperty(1, 1_000_000)
  rate_limit_per_hour!: number;

  @ApiTimestampProperty()
  created_at!: string;

  @ApiTimestampProperty({ nullable: true })
  last_used_at!: string | null;

  @ApiTimestampProperty({ nullable: true })
  revoked_at!: string | null;
}

export class ApiKeyResponseList extends ListOf(ApiKeyResponse) {}

/** A key just issued: the only answer that holds the key itself. */
export class CreatedApiKeyResponse {
  @ApiIdProperty()
  id!: number;

  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Partner feed' })
  name!: string;

  @ApiProperty({ description: 'The key, for the X-API-Key header: shown only in this answer.' })
  key!: string;

  @ApiProperty({ example: 'hk_3f9a1c' })
  prefix!: string;

  @ApiIntegerProperty(1, 1_000_000)
  rate_limit_per_hour!: number;

  @ApiTimestampProperty()
  created_at!: string;
}

export const ApiKeyPresenter = {
  present: (key: ApiKey, defaultRateLimit: number): ApiKeyResponse => ({
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

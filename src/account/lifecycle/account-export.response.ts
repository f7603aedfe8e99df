import { ApiProperty } from '@nestjs/swagger';
import {
  ApiIdProperty,
  ApiIntegerProperty,
  ApiTimestampProperty,
} from '../../common/openapi/api-properties.js';

// The shape of `GET /api/auth/account/export`, for the OpenAPI document (the service writes it as a stream).

export class ExportedProfile {
  @ApiIdProperty()
  id!: number;

  @ApiProperty({ example: 'ada@example.com' })
  email!: string;

  @ApiProperty({ type: String, nullable: true })
  display_name!: string | null;

  @ApiProperty({ enum: ['user', 'moderator', 'admin'] })
  role!: string;

  @ApiProperty()
  email_verified!: boolean;

  @ApiTimestampProperty({ nullable: true })
  email_verified_at!: string | null;

  @ApiProperty({ description: 'Whether a password is set (never the password or its hash).' })
  has_password!: boolean;

  @ApiTimestampProperty()
  created_at!: string;

  @ApiTimestampProperty()
  updated_at!: string;
}

export class ExportedIdentity {
  @ApiProperty({ enum: ['google', 'github'] })
  provider!: string;

  @ApiProperty()
  provider_user_id!: string;

  @ApiProperty({ type: String, nullable: true })
  email!: string | null;

  @ApiTimestampProperty()
  linked_at!: string;
}

export class ExportedSession {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiTimestampProperty()
  created_at!: string;

  @ApiTimestampProperty()
  last_seen_at!: string;

  @ApiTimestampProperty()
  expires_at!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The network the session signed in from (IPv4 /24, IPv6 /48); the full address is not stored.',
  })
  ip_prefix!: string | null;

  @ApiProperty({ type: String, nullable: true })
  user_agent!: string | null;
}

export class ExportedApiKey {
  @ApiIdProperty()
  id!: number;

  @ApiProperty()
  name!: string;

  @ApiProperty({ description: 'The visible start of the key; the key itself is never exported.' })
  prefix!: string;

  @ApiIntegerProperty(1, 1_000_000, { nullable: true })
  rate_limit_per_hour!: number | null;

  @ApiTimestampProperty()
  created_at!: string;

  @ApiTimestampProperty({ nullable: true })
  last_used_at!: string | null;

  @ApiTimestampProperty({ nullable: true })
  revoked_at!: string | null;
}

export class ExportedCartItem {
  @ApiIdProperty()
  product_id!: number;

  @ApiProperty()
  name!: string;

  @ApiIntegerProperty(0)
  price_cents!: number;

  @ApiIntegerProperty(1)
  quantity!: number;

  @ApiTimestampProperty()
  added_at!: string;
}

export class ExportedTopicMembership {
  @ApiProperty({ example: 'private:7f3c…' })
  topic!: string;

  @ApiTimestampProperty()
  joined_at!: string;
}

export class ExportedPost {
  @ApiIdProperty()
  id!: number;

  @ApiProperty()
  title!: string;

  @ApiProperty()
  body!: string;

  @ApiProperty()
  published!: boolean;

  @ApiIntegerProperty(0)
  likes!: number;

  @ApiTimestampProperty()
  created_at!: string;

  @ApiTimestampProperty()
  updated_at!: string;
}

export class ExportedComment {
  @ApiIdProperty()
  id!: number;

  @ApiIdProperty()
  post_id!: number;

  @ApiProperty()
  body!: string;

  @ApiTimestampProperty()
  created_at!: string;

  @ApiTimestampProperty()
  updated_at!: string;
}

export class ExportedLike {
  @ApiIdProperty()
  post_id!: number;

  @ApiTimestampProperty()
  created_at!: string;
}

export class ExportedUpload {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ example: 'image/png' })
  content_type!: string;

  @ApiIntegerProperty(0)
  size!: number;

  @ApiProperty({ enum: ['pending', 'completed'] })
  status!: string;

  @ApiTimestampProperty()
  created_at!: string;
}

export class ExportedOrderItem {
  @ApiIdProperty()
  product_id!: number;

  @ApiProperty()
  name!: string;

  @ApiIntegerProperty(0)
  price_cents!: number;

  @ApiIntegerProperty(1)
  quantity!: number;
}

export class ExportedOrder {
  @ApiIdProperty()
  id!: number;

  @ApiProperty({ enum: ['pending', 'paid', 'failed'] })
  status!: string;

  @ApiIntegerProperty(0)
  amount_cents!: number;

  @ApiProperty({ example: 'usd' })
  currency!: string;

  @ApiTimestampProperty()
  created_at!: string;

  @ApiTimestampProperty()
  updated_at!: string;

  @ApiProperty({ type: [ExportedOrderItem] })
  items!: ExportedOrderItem[];
}

export class ExportedJob {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'search' })
  kind!: string;

  @ApiProperty({ enum: ['loading', 'ok', 'error'] })
  status!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What the job was asked to do.' })
  input!: unknown;

  @ApiTimestampProperty()
  created_at!: string;

  @ApiTimestampProperty({ nullable: true })
  finished_at!: string | null;
}

export class AccountExportResponse {
  @ApiProperty({ example: 'hearth-account-export/1' })
  format!: string;

  @ApiTimestampProperty()
  exported_at!: string;

  @ApiProperty({ type: ExportedProfile })
  profile!: ExportedProfile;

  @ApiProperty({ type: [ExportedIdentity] })
  identities!: ExportedIdentity[];

  @ApiProperty({ type: [ExportedSession] })
  sessions!: ExportedSession[];

  @ApiProperty({ type: [ExportedApiKey] })
  api_keys!: ExportedApiKey[];

  @ApiProperty({ type: [ExportedCartItem] })
  cart!: ExportedCartItem[];

  @ApiProperty({ type: [ExportedTopicMembership] })
  topic_memberships!: ExportedTopicMembership[];

  @ApiProperty({ type: [ExportedPost] })
  posts!: ExportedPost[];

  @ApiProperty({ type: [ExportedComment] })
  comments!: ExportedComment[];

  @ApiProperty({ type: [ExportedLike] })
  likes!: ExportedLike[];

  @ApiProperty({ type: [ExportedUpload] })
  uploads!: ExportedUpload[];

  @ApiProperty({ type: [ExportedOrder] })
  orders!: ExportedOrder[];

  @ApiProperty({ type: [ExportedJob] })
  jobs!: ExportedJob[];
}

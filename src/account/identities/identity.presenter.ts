import { ApiProperty } from '@nestjs/swagger';
import { ApiTimestampProperty, ListOf } from '../../common/openapi/api-properties.js';
import type { OAuthIdentity } from '../../generated/prisma/client.js';

/** A linked sign-in provider: never the provider's user id (how Hearth finds the account, nothing the UI needs). */
export class IdentityResponse {
  @ApiProperty({ enum: ['google', 'github'], example: 'github' })
  provider!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The address the provider shared when the identity was linked (display only).',
    example: 'ada@example.com',
  })
  email!: string | null;

  @ApiTimestampProperty()
  linked_at!: string;
}

export class IdentityResponseList extends ListOf(IdentityResponse) {}

export const IdentityPresenter = {
  present: (identity: OAuthIdentity): IdentityResponse => ({
    provider: identity.provider,
    email: identity.email,
    linked_at: identity.createdAt.toISOString(),
  }),
};

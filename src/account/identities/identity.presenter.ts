import { ApiProperty } from '@nestjs/swagger';
import type { OAuthIdentity } from '../../generated/prisma/client.js';

export class IdentityResponse {
  @ApiProperty({ enum: ['google', 'github'], example: 'github' })
  provider!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The address the provider shared when the identity was linked (display only)',
  })
  email!: string | null;

  @ApiProperty({ format: 'date-time' })
  linked_at!: string;
}

export class IdentityListResponse {
  @ApiProperty({ type: [IdentityResponse] })
  data!: IdentityResponse[];
}

export const IdentityPresenter = {
  /** Never the provider's user id: it is how Hearth finds the account, not something the UI needs. */
  present: (identity: OAuthIdentity): IdentityResponse => ({
    provider: identity.provider,
    email: identity.email,
    linked_at: identity.createdAt.toISOString(),
  }),
};

import { ApiProperty } from '@nestjs/swagger';
import { ApiIdProperty, ApiTimestampProperty, PageOf } from '../common/openapi/api-properties.js';
import type { User } from '../generated/prisma/client.js';
import type { Role } from '../generated/prisma/enums.js';

const ROLES: Role[] = ['user', 'moderator', 'admin'];

/** A user as the API shows it (never the password hash). */
export class UserResponse {
  @ApiIdProperty()
  id!: number;

  @ApiProperty({ format: 'email', maxLength: 254, example: 'ada@example.com' })
  email!: string;

  @ApiProperty({ enum: ROLES, enumName: 'Role' })
  role!: Role;

  @ApiProperty({ type: String, nullable: true, example: 'Ada' })
  display_name!: string | null;

  @ApiTimestampProperty()
  created_at!: string;
}

/** `GET /api/auth/me`: the user, and whether they confirmed their email address. */
export class CurrentUserResponse extends UserResponse {
  @ApiProperty()
  email_verified!: boolean;
}

export class UserResponsePage extends PageOf(UserResponse) {}

export const UserPresenter = {
  present: (user: User): UserResponse => ({
    id: user.id,
    email: user.email,
    role: user.role,
    display_name: user.displayName,
    created_at: user.createdAt.toISOString(),
  }),

  presentCurrent: (user: User): CurrentUserResponse => ({
    ...UserPresenter.present(user),
    email_verified: user.emailVerifiedAt !== null,
  }),
};

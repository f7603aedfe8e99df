import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import type { Role } from '../../generated/prisma/enums.js';

export const ROLES: Role[] = ['user', 'moderator', 'admin'];

export class ChangeRoleDto {
  @ApiProperty({ enum: ROLES, enumName: 'Role', example: 'moderator' })
  @IsIn(ROLES)
  role!: Role;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { PASSWORD_MAX } from '../../../auth/dto/register.dto.js';

export class DeleteAccountDto {
  @ApiPropertyOptional({
    description:
      'The current password; required when the account has one. OAuth-only accounts omit it and must have ' +
      'signed in (cookie session) within the last 10 minutes.',
    minLength: 1,
    maxLength: PASSWORD_MAX,
  })
  @IsOptional()
  @IsString()
  @Length(1, PASSWORD_MAX)
  password?: string;
}

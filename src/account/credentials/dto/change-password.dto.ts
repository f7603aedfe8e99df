import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../../auth/dto/register.dto.js';

export class ChangePasswordDto {
  @ApiProperty({
    required: false,
    minLength: 1,
    maxLength: PASSWORD_MAX,
    description:
      'Required when the account has a password. An OAuth-only account omits it and must call from a cookie ' +
      'session younger than 10 minutes.',
  })
  @IsOptional()
  @IsString()
  @Length(1, PASSWORD_MAX)
  current_password?: string;

  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX })
  @IsString()
  @Length(PASSWORD_MIN, PASSWORD_MAX, {
    message: `new_password must be between ${PASSWORD_MIN} and ${PASSWORD_MAX} characters`,
  })
  new_password!: string;
}

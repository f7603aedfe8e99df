import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { EMAIL_MAX, PASSWORD_MAX } from '../../../auth/dto/register.dto.js';

export class ChangeEmailDto {
  @ApiProperty({ maxLength: EMAIL_MAX, example: 'ada@new.example.com' })
  @IsEmail({}, { message: 'new_email must be a valid email address' })
  @MaxLength(EMAIL_MAX)
  new_email!: string;

  @ApiProperty({
    required: false,
    minLength: 1,
    maxLength: PASSWORD_MAX,
    description:
      'The current password. An OAuth-only account omits it and must call from a cookie session younger than ' +
      '10 minutes.',
  })
  @IsOptional()
  @IsString()
  @Length(1, PASSWORD_MAX)
  password?: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, MaxLength } from 'class-validator';
import { EMAIL_MAX } from './register.dto.js';

export class ForgotPasswordDto {
  @ApiProperty({ format: 'email', maxLength: EMAIL_MAX, example: 'ada@example.com' })
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(EMAIL_MAX)
  email!: string;
}

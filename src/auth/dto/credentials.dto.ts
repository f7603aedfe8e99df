import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { EMAIL_MAX, PASSWORD_MAX } from './register.dto.js';

/** Login and token requests. Deliberately loose: anything that is not a known account is `invalid_credentials`. */
export class CredentialsDto {
  @ApiProperty({ minLength: 1, maxLength: EMAIL_MAX, example: 'ada@example.com' })
  @IsString()
  @Length(1, EMAIL_MAX)
  email!: string;

  @ApiProperty({ minLength: 1, maxLength: PASSWORD_MAX, example: 'correct horse battery staple' })
  @IsString()
  @Length(1, PASSWORD_MAX)
  password!: string;
}

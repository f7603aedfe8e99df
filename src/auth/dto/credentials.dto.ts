import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { EMAIL_MAX, PASSWORD_MAX } from './register.dto.js';

/** Login and token requests. Deliberately loose: anything that is not a known account is `invalid_credentials`. */
export class CredentialsDto {
  @ApiProperty({ example: 'ada@example.com' })
  @IsString()
  @Length(1, EMAIL_MAX)
  email!: string;

  @ApiProperty()
  @IsString()
  @Length(1, PASSWORD_MAX)
  password!: string;
}

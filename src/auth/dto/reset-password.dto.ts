import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { PASSWORD_MAX, PASSWORD_MIN } from './register.dto.js';

export class ResetPasswordDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 512,
    example: 'Zx81…',
    description: 'The token from the reset link.',
  })
  @IsString()
  @Length(1, 512)
  token!: string;

  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX, example: 'correct horse battery staple' })
  @IsString()
  @Length(PASSWORD_MIN, PASSWORD_MAX, {
    message: `password must be between ${PASSWORD_MIN} and ${PASSWORD_MAX} characters`,
  })
  password!: string;
}

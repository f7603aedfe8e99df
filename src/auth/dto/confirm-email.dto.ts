import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class ConfirmEmailDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 512,
    example: 'Zx81…',
    description: 'The token from the confirmation link.',
  })
  @IsString()
  @Length(1, 512)
  token!: string;
}

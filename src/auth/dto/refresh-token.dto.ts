import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class RefreshTokenDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 512,
    example: 'rt_2bq4…',
    description: 'The refresh token from the last token response; it can be used once.',
  })
  @IsString()
  @Length(1, 512)
  refresh_token!: string;
}

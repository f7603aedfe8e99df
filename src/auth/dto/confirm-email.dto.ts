import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class ConfirmEmailDto {
  @ApiProperty({ description: 'The token from the confirmation link.' })
  @IsString()
  @Length(1, 512)
  token!: string;
}

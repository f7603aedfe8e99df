import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { IsId } from '../../common/validation/ids.js';
import { ApiIdProperty } from '../../common/openapi/api-properties.js';

export class CreateApiKeyDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Partner feed' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiIdProperty({
    required: false,
    description: 'Requests made with the key act as this user; default: the issuing admin.',
  })
  @IsOptional()
  @IsId()
  user_id?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 1_000_000,
    example: 1000,
    description: 'Default: RATE_LIMIT_API_KEY_DEFAULT (1000).',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  rate_limit_per_hour?: number;
}

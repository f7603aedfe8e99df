import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional } from 'class-validator';
import { IsId, MAX_INT4 } from '../../common/validation/ids.js';

export class CreatePrivateTopicDto {
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'integer', minimum: 1, maximum: MAX_INT4 },
    maxItems: 100,
    example: [2, 3],
    description: 'User ids to add besides the creator (at most 100).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsId({ each: true })
  members?: number[];
}

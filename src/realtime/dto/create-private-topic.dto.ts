import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional } from 'class-validator';
import { IsId } from '../../common/validation/ids.js';

export class CreatePrivateTopicDto {
  @ApiPropertyOptional({ type: [Number], description: 'User ids to add besides the creator (at most 100).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsId({ each: true })
  members?: number[];
}

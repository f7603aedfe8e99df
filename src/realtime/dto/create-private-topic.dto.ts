import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, Max, Min } from 'class-validator';

export class CreatePrivateTopicDto {
  @ApiPropertyOptional({ type: [Number], description: 'User ids to add besides the creator (at most 100).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(2_147_483_647, { each: true })
  members?: number[];
}

import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import type { ModerationTargetType } from '../../generated/prisma/enums.js';
import { IsId, MAX_INT4 } from '../../common/validation/ids.js';
import { REASON_MAX } from './moderation-reason.dto.js';

export const TARGET_TYPES: ModerationTargetType[] = ['post', 'comment'];

export class CreateReportDto {
  @ApiProperty({ enum: TARGET_TYPES })
  @IsIn(TARGET_TYPES)
  target_type!: ModerationTargetType;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_INT4, example: 42 })
  @IsId()
  target_id!: number;

  @ApiProperty({ minLength: 1, maxLength: REASON_MAX, example: 'Harassment' })
  @IsString()
  @Length(1, REASON_MAX)
  reason!: string;
}

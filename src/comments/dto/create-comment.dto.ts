import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { IsId, MAX_INT4 } from '../../common/validation/ids.js';

export const COMMENT_BODY_MAX = 4_000;

export class CreateCommentDto {
  @ApiProperty({ minLength: 1, maxLength: COMMENT_BODY_MAX, example: 'Well said.' })
  @IsString()
  @Length(1, COMMENT_BODY_MAX)
  body!: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_INT4,
    nullable: true,
    description:
      'A top-level comment of the same post to reply to (one level of replies); else 422 invalid_parent.',
  })
  @IsOptional()
  @IsId()
  parent_id?: number | null;
}

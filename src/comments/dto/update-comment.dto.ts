import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { COMMENT_BODY_MAX } from './create-comment.dto.js';

export class UpdateCommentDto {
  @ApiProperty({ minLength: 1, maxLength: COMMENT_BODY_MAX })
  @IsString()
  @Length(1, COMMENT_BODY_MAX)
  body!: string;
}

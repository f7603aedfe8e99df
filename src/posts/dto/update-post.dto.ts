import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsString, Length, ValidateIf } from 'class-validator';
import { BODY_MAX, TITLE_MAX } from './create-post.dto.js';

// An absent field is left as it is; an explicit null is invalid (every column is NOT NULL). @IsOptional()
// would let null through to the database.
const UnlessAbsent = () => ValidateIf((_object, value) => value !== undefined);

export class UpdatePostDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: TITLE_MAX, example: 'Hello again' })
  @UnlessAbsent()
  @IsString()
  @Length(1, TITLE_MAX)
  title?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: BODY_MAX })
  @UnlessAbsent()
  @IsString()
  @Length(1, BODY_MAX)
  body?: string;

  @ApiPropertyOptional({ description: 'false turns the post into a draft; true publishes it.' })
  @UnlessAbsent()
  @IsBoolean()
  published?: boolean;
}

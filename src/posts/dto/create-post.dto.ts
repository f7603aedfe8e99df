import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length } from 'class-validator';

export const TITLE_MAX = 200;
export const BODY_MAX = 50_000;

export class CreatePostDto {
  @ApiProperty({ minLength: 1, maxLength: TITLE_MAX, example: 'Hello, Hearth' })
  @IsString()
  @Length(1, TITLE_MAX)
  title!: string;

  @ApiProperty({ minLength: 1, maxLength: BODY_MAX, example: 'The first post.' })
  @IsString()
  @Length(1, BODY_MAX)
  body!: string;

  @ApiPropertyOptional({
    default: true,
    description: 'Drafts (false) are visible to their author, moderators and admins only.',
  })
  @IsOptional()
  @IsBoolean()
  published?: boolean;
}

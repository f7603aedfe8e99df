import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export const REASON_MAX = 1_000;

/** Why a moderator hides something: shown in the audit log, kept on the hidden row. */
export class HideDto {
  @ApiProperty({ minLength: 1, maxLength: REASON_MAX, example: 'Spam link' })
  @IsString()
  @Length(1, REASON_MAX)
  reason!: string;
}

/** Showing hidden content again; the reason is optional (and logged when given). */
export class UnhideDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: REASON_MAX, example: 'Appeal accepted' })
  @IsOptional()
  @IsString()
  @Length(1, REASON_MAX)
  reason?: string;
}

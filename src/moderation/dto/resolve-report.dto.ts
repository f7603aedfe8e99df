import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import type { ReportResolution } from '../../generated/prisma/enums.js';
import { REASON_MAX } from './moderation-reason.dto.js';

export const RESOLUTIONS: ReportResolution[] = ['hide', 'dismiss'];

export class ResolveReportDto {
  @ApiProperty({
    enum: RESOLUTIONS,
    description:
      '`hide` hides the reported content; `dismiss` leaves it. Either resolves every open report on it.',
  })
  @IsIn(RESOLUTIONS)
  action!: ReportResolution;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: REASON_MAX,
    description: "For the audit log (and the hidden row); default: the report's own reason.",
  })
  @IsOptional()
  @IsString()
  @Length(1, REASON_MAX)
  reason?: string;
}

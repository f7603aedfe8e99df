import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { ReportStatus } from '../../generated/prisma/enums.js';
import { MAX_PAGE_SIZE } from '../../common/http/page.query.js';

export const DEFAULT_LIMIT = 20;
export const REPORT_STATUSES: ReportStatus[] = ['open', 'resolved'];

/** Keyset pagination of a newest-first moderation list. */
export class ModerationCursorQuery {
  @ApiPropertyOptional({ description: 'Opaque cursor from meta.next_cursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_LIMIT;
}

export class ListReportsQuery extends ModerationCursorQuery {
  @ApiPropertyOptional({ enum: REPORT_STATUSES, default: 'open' })
  @IsOptional()
  @IsIn(REPORT_STATUSES)
  status: ReportStatus = 'open';
}

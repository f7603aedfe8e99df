import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { PageWindow } from '../../infra/database/paginate.js';

export const MAX_PAGE_SIZE = 100;

/** Offset pagination (`page`, `page_size`) with the contract's metadata, shared by every offset-paged list. */
export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1_000_000, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page: number = 1;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  page_size: number = 20;
}

export interface PageMetadata {
  page_number: number;
  page_size: number;
  total_entries: number;
  total_pages: number;
}

/** The page a query asks for, as services take it. */
/** PageMetadata as the OpenAPI document describes it. */
export class PageMetadataView implements PageMetadata {
  @ApiProperty({ type: 'integer', minimum: 1 })
  page_number!: number;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE })
  page_size!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  total_entries!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  total_pages!: number;
}

export function pageWindow(query: PageQuery): PageWindow {
  return { page: query.page, pageSize: query.page_size };
}

/** An offset-paged list as every v1 list answers it: `{ data, metadata }`. */
export function presentPage<T, View>(
  query: PageQuery,
  page: { items: T[]; total: number },
  present: (item: T) => View,
): { data: View[]; metadata: PageMetadata } {
  return { data: page.items.map(present), metadata: pageMetadata(query, page.total) };
}

export function pageMetadata(query: PageQuery, total: number): PageMetadata {
  return {
    page_number: query.page,
    page_size: query.page_size,
    total_entries: total,
    total_pages: Math.ceil(total / query.page_size),
  };
}

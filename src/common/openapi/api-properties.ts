import { type Type } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { MAX_INT4 } from '../validation/ids.js';

// Property helpers for response classes and DTOs: one place for the int4 id bounds and the timestamp format.

/** A positive int4 id (the bounds `IsId()` checks on input). */
export const ApiIdProperty = (options: ApiPropertyOptions = {}) =>
  ApiProperty({
    type: 'integer',
    minimum: 1,
    maximum: MAX_INT4,
    example: 42,
    ...options,
  } as ApiPropertyOptions);

/** An integer with bounds (counts, cents, quantities, limits). */
export const ApiIntegerProperty = (minimum: number, maximum = MAX_INT4, options: ApiPropertyOptions = {}) =>
  ApiProperty({ type: 'integer', minimum, maximum, ...options } as ApiPropertyOptions);

/** An ISO 8601 instant as the API writes it (`toISOString()`). */
export const ApiTimestampProperty = (options: ApiPropertyOptions = {}) =>
  ApiProperty({
    type: String,
    format: 'date-time',
    example: '2026-01-31T12:00:00.000Z',
    ...options,
  } as ApiPropertyOptions);

function named<T extends Type<unknown>>(type: T, name: string): T {
  Object.defineProperty(type, 'name', { value: name });
  return type;
}

/** Offset-page metadata, as every v1-style list answers it (common/http/page.query.ts). */
export class PageMetadata {
  @ApiIntegerProperty(1, 1_000_000)
  page_number!: number;

  @ApiIntegerProperty(1, 100)
  page_size!: number;

  @ApiIntegerProperty(0)
  total_entries!: number;

  @ApiIntegerProperty(0)
  total_pages!: number;
}

/** `{ data: Item[], metadata }`: extend it to name the page, `class PostV1Page extends PageOf(PostV1Summary) {}`. */
export function PageOf<Item>(item: Type<Item>) {
  class Page {
    @ApiProperty({ type: [item] })
    data!: Item[];

    @ApiProperty({ type: PageMetadata })
    metadata!: PageMetadata;
  }
  return named(Page, `${item.name}Page`);
}

/** `{ data: Item[] }` (an unpaged list). */
export function ListOf<Item>(item: Type<Item>) {
  class List {
    @ApiProperty({ type: [item] })
    data!: Item[];
  }
  return named(List, `${item.name}List`);
}

/** `{ data: Item }` (a JSON:API-like document). */
export function DataOf<Item>(item: Type<Item>) {
  class Data {
    @ApiProperty({ type: item })
    data!: Item;
  }
  return named(Data, `${item.name}Data`);
}

/**
 * A JSON:API-like resource, `{ type, id, attributes }`: extend it to name the resource,
 * `class PostV2Resource extends ResourceOf('post', PostV2AttributesResponse, 'The post id, as a string.') {}`.
 */
export function ResourceOf<Kind extends string, Attributes>(
  kind: Kind,
  attributes: Type<Attributes>,
  idDescription: string,
) {
  class Resource {
    @ApiProperty({ enum: [kind] })
    type!: Kind;

    @ApiProperty({ pattern: '^[1-9][0-9]{0,9}$', example: '42', description: idDescription })
    id!: string;

    @ApiProperty({ type: attributes })
    attributes!: Attributes;
  }
  return named(Resource, `${attributes.name}Resource`);
}

/** The `meta` of a cursor page, as `CursorListOf` documents it. */
export interface CursorListMeta {
  next_cursor: string | null;
  limit: number;
}

/**
 * Cursor-page metadata, `limit` at most `maxLimit` (a parameter: `common/http` owns the page size, and depends on
 * this folder): extend it to name it, `class PostV2ListMeta extends CursorListMetaOf(MAX_PAGE_SIZE) {}`.
 */
export function CursorListMetaOf(maxLimit: number) {
  class Meta implements CursorListMeta {
    @ApiProperty({
      type: String,
      nullable: true,
      description: 'Pass as `cursor` for the next page; null on the last page.',
    })
    next_cursor!: string | null;

    @ApiIntegerProperty(1, maxLimit)
    limit!: number;
  }
  return named(Meta, 'CursorListMeta');
}

/** `{ data: Item[], meta }` (a cursor page): `class PostV2ResourceList extends CursorListOf(PostV2Resource, PostV2ListMeta) {}`. */
export function CursorListOf<Item>(item: Type<Item>, meta: Type<CursorListMeta>) {
  class CursorList {
    @ApiProperty({ type: [item] })
    data!: Item[];

    @ApiProperty({ type: meta })
    meta!: CursorListMeta;
  }
  return named(CursorList, `${item.name}List`);
}

/** `{ message }`: the answer of actions that have nothing else to say. */
export class MessageResponse {
  @ApiProperty({ example: 'Your email address is confirmed.' })
  message!: string;
}

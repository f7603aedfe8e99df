import { applyDecorators } from '@nestjs/common';
import { IsInt, Max, Min, type ValidationOptions } from 'class-validator';

/**
 * Ids (and the other int4 columns) hold at most PostgreSQL's int4 maximum. A larger number names no row and must
 * not reach a query: Prisma refuses it, which would be a 500 for something the client sent.
 */
export const MAX_INT4 = 2_147_483_647;

/** Whether a value could name a row at all: a positive integer an int4 column can hold. */
export function isStorableId(id: unknown): id is number {
  return Number.isInteger(id) && (id as number) >= 1 && (id as number) <= MAX_INT4;
}

/** A positive int4 id in a request body (`{ each: true }` for arrays of ids). */
export function IsId(options?: ValidationOptions): PropertyDecorator {
  // Listed in the order decorators stacked as `@IsInt() @Min(1) @Max(…)` register, so that the messages of a bad
  // id come out in the order they always did.
  return applyDecorators(Max(MAX_INT4, options), Min(1, options), IsInt(options));
}

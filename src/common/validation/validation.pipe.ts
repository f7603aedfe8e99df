import {
  type ArgumentMetadata,
  type ValidationError as ClassValidatorError,
  ValidationPipe,
} from '@nestjs/common';
import { CommonError, invalidFields } from '../errors/common.errors.js';
import type { FieldError } from '../errors/domain-error.js';
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from './storable-text.js';

/** Deeper than any DTO needs; class-transformer recurses per level and overflows the stack near 10 000. */
export const MAX_INPUT_DEPTH = 32;
const MAX_LISTED_ERRORS = 20;

function flatten(errors: ClassValidatorError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Walks the input without recursion before class-transformer (which recurses) sees it: too deep a structure, or a
 * string that cannot be stored, is a 400 naming the field, not a stack overflow or a database error (a 500).
 */
function assertStorableInput(value: unknown): void {
  const errors: FieldError[] = [];
  const pending: { value: unknown; field: string; depth: number }[] = [{ value, field: '', depth: 0 }];
  while (pending.length > 0) {
    const { value: item, field, depth } = pending.pop()!;
    if (typeof item === 'string') {
      if (!isStorableText(item) && errors.length < MAX_LISTED_ERRORS) {
        errors.push({ field: field || 'body', message: UNSTORABLE_TEXT_MESSAGE });
      }
    } else if (item !== null && typeof item === 'object') {
      if (depth >= MAX_INPUT_DEPTH) {
        throw invalidFields([
          { field: field || 'body', message: `must not be nested more than ${MAX_INPUT_DEPTH} levels deep` },
        ]);
      }
      for (const [key, child] of Object.entries(item)) {
        pending.push({ value: child, field: field ? `${field}.${key}` : key, depth: depth + 1 });
      }
    }
  }
  if (errors.length > 0) throw invalidFields(errors);
}

// @nestjs/swagger's metadata key for @ApiProperty options: `nullable: true` there is what lets a field be null.
const API_PROPERTY_METADATA = 'swagger/apiModelProperties';

function isDtoClass(metatype: ArgumentMetadata['metatype']): metatype is new () => object {
  return (
    typeof metatype === 'function' && ![Object, Array, String, Number, Boolean].includes(metatype as never)
  );
}

function isNullable(dto: new () => object, field: string): boolean {
  const options = Reflect.getMetadata(API_PROPERTY_METADATA, dto.prototype, field) as { nullable?: boolean };
  return options?.nullable === true;
}

/**
 * The API's one rule for null: a JSON body is an object, and a field is null only where its DTO documents it as
 * nullable (`@ApiProperty({ nullable: true })`). Elsewhere an explicit null is a 400 naming the field, not
 * "absent" (class-validator's @IsOptional would let it through to the database).
 */
function isInvalidFields(error: unknown): error is CommonError {
  return error instanceof CommonError && error.code === 'validation_failed';
}

function strayNulls(value: unknown, dto: new () => object): FieldError[] {
  // No body at all is an empty object: routes such as POST /api/orders need none.
  if (value === undefined) return [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidFields([{ field: 'body', message: 'must be a JSON object' }]);
  }
  return Object.entries(value)
    .filter(([field, fieldValue]) => fieldValue === null && !isNullable(dto, field))
    .map(([field]) => ({ field, message: `${field} must not be null` }));
}

class StorableInputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Path parameters reach their own pipes (ParseIdPipe, the UUID pipe) as the text of the URL: transformed here
    // first, `128.0`, `+128` or `1e2` would already be the number 128, indistinguishable from `128`.
    if (metadata.type === 'param') return value;
    if (metadata.type === 'body' || metadata.type === 'query') assertStorableInput(value);
    const isDtoBody =
      metadata.type === 'body' && metadata.data === undefined && isDtoClass(metadata.metatype);
    const nulls = isDtoBody ? strayNulls(value, metadata.metatype as new () => object) : [];
    if (nulls.length === 0) return super.transform(value, metadata);
    // Every bad field is listed: the nulls, and what the DTO says about the other fields.
    const others = await super.transform(value, metadata).then(
      () => [],
      (error: unknown) => (isInvalidFields(error) ? (error.details as FieldError[]) : []),
    );
    const nullFields = new Set(nulls.map(({ field }) => field));
    const rest = others.filter(({ field }) => !nullFields.has(field));
    throw invalidFields([...nulls, ...rest].slice(0, MAX_LISTED_ERRORS));
  }
}

/**
 * Validates DTOs; unknown fields and stray nulls are refused, a body must be a JSON object, and every bad field
 * is listed in `details`.
 */
export function createValidationPipe(): ValidationPipe {
  return new StorableInputValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => invalidFields(flatten(errors)),
  });
}

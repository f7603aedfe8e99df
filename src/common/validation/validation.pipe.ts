import {
  type ArgumentMetadata,
  type ValidationError as ClassValidatorError,
  ValidationPipe,
} from '@nestjs/common';
import { invalidFields } from '../errors/common.errors.js';
import type { FieldError } from '../errors/domain-error.js';

/** Deeper than any DTO needs; class-transformer recurses per level and overflows the stack near 10 000. */
export const MAX_INPUT_DEPTH = 32;
const MAX_LISTED_ERRORS = 20;

// PostgreSQL text cannot hold U+0000, and a lone UTF-16 surrogate is not Unicode at all (jsonb refuses it and
// validator.js throws on it): neither can be stored, so neither is accepted.
// eslint-disable-next-line no-control-regex -- NUL is one of the characters refused here
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

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
      if (UNSTORABLE.test(item) && errors.length < MAX_LISTED_ERRORS) {
        errors.push({
          field: field || 'body',
          message: 'must not contain NUL characters or lone surrogates',
        });
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

class StorableInputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Path parameters reach their own pipes (ParseIdPipe, the UUID pipe) as the text of the URL: transformed here
    // first, `128.0`, `+128` or `1e2` would already be the number 128, indistinguishable from `128`.
    if (metadata.type === 'param') return value;
    if (metadata.type === 'body' || metadata.type === 'query') assertStorableInput(value);
    return super.transform(value, metadata);
  }
}

/** Validates DTOs; unknown fields are refused and every bad field is listed in `details`. */
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

import { errorCatalogue, type FieldError } from './domain-error.js';

/** Errors of the HTTP edge itself (validation pipes), whatever feature a request is for. */
export class CommonError extends errorCatalogue({
  validation_failed: 'bad_request',
  not_found: 'not_found',
}) {}

export type CommonErrorCode = CommonError['code'];

/** 400 `validation_failed` listing every bad field in `details`. */
export function invalidFields(fields: FieldError[]): CommonError {
  return new CommonError('validation_failed', 'The request has invalid fields.', fields);
}

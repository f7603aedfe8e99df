import type { DomainError } from '../errors/domain-error.js';
import { type DocumentedError, ERRORS_EXTENSION, mergeOperationExtension } from './operation-extensions.js';

/** An error catalogue class (`errorCatalogue({...})`): its codes type-check, its instances know their status. */
type CatalogueClass<Code extends string> = new (code: Code, message: string) => DomainError<Code>;

/**
 * Documents the errors an operation (or every operation of a controller) answers, from a feature's catalogue:
 * `@ApiErrors(PostsError, 'not_found', 'forbidden')`. Each status gets the shared error schema with its codes.
 * Errors every route shares (validation, credentials, CSRF, rate limits, body limits, an away database) are added
 * to every operation by the document itself; list only what the route adds.
 */
export function ApiErrors<Code extends string>(
  catalogue: CatalogueClass<Code>,
  ...codes: [Code, ...Code[]]
): MethodDecorator & ClassDecorator {
  const documented = codes.map((code) => ({ status: new catalogue(code, '').status, code }));
  return ApiErrorCodes(documented);
}

/** Errors by status and code, for the few answered outside any catalogue (Fastify's own, the storage adapters). */
export function ApiErrorCodes(errors: DocumentedError[]): MethodDecorator & ClassDecorator {
  return mergeOperationExtension<DocumentedError[]>(ERRORS_EXTENSION, (existing = []) => [
    ...existing,
    ...errors.filter((error) => !existing.some((e) => e.status === error.status && e.code === error.code)),
  ]);
}

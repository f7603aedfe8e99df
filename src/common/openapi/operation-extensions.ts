import { METHOD_METADATA } from '@nestjs/common/constants.js';

// @nestjs/swagger copies this metadata of a route handler into its operation (as `x-…` keys); the document is
// completed from them (complete-document.ts), which then removes them.
const API_EXTENSION = 'swagger/apiExtension';

export const ERRORS_EXTENSION = 'x-hearth-errors';
export const PUBLIC_EXTENSION = 'x-hearth-public';
export const PERSON_ONLY_EXTENSION = 'x-hearth-person-only';
export const ROLES_EXTENSION = 'x-hearth-roles';
export const LINKS_EXTENSION = 'x-hearth-links';
export const SKIP_ETAG_EXTENSION = 'x-hearth-skip-etag';

export interface DocumentedError {
  status: number;
  code: string;
}

type Merge<T> = (existing: T | undefined, fromClass: boolean) => T | undefined;

function mergeInto<T>(handler: object, key: string, merge: Merge<T>, fromClass: boolean): void {
  const extensions = (Reflect.getMetadata(API_EXTENSION, handler) ?? {}) as Record<string, unknown>;
  const merged = merge(extensions[key] as T | undefined, fromClass);
  if (merged !== undefined) Reflect.defineMetadata(API_EXTENSION, { ...extensions, [key]: merged }, handler);
}

/**
 * A decorator that merges a value into one operation extension: on a method, into its own; on a controller, into
 * every route handler's (class decorators run after method ones, so the handlers are already routes).
 */
export function mergeOperationExtension<T>(key: string, merge: Merge<T>): MethodDecorator & ClassDecorator {
  return ((target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (descriptor) {
      mergeInto(descriptor.value as object, key, merge, false);
      return descriptor;
    }
    const prototype = (target as { prototype: object }).prototype;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = Object.getOwnPropertyDescriptor(prototype, name)?.value as object | undefined;
      if (name !== 'constructor' && handler && Reflect.hasMetadata(METHOD_METADATA, handler)) {
        mergeInto(handler, key, merge, true);
      }
    }
    return target;
  }) as MethodDecorator & ClassDecorator;
}

import {
  mergeOperationExtension,
  PERSON_ONLY_EXTENSION,
  PUBLIC_EXTENSION,
  ROLES_EXTENSION,
} from './operation-extensions.js';

// As the AuthGuard reads its metadata: a method's own mark wins over its controller's.
const methodFirst =
  <T>(value: T) =>
  (existing: T | undefined, fromClass: boolean): T =>
    fromClass && existing !== undefined ? existing : value;

/**
 * The document's view of the auth decorators (`@Public()`, `@PersonOnly()`, `@Roles()` apply these), turned into
 * `security` and the 401/403 errors that follow; routes need nothing more.
 */
export const ApiPublic = () => mergeOperationExtension(PUBLIC_EXTENSION, methodFirst(true));
export const ApiPersonOnly = () => mergeOperationExtension(PERSON_ONLY_EXTENSION, methodFirst(true));
export const ApiRoles = (roles: readonly string[]) =>
  mergeOperationExtension(ROLES_EXTENSION, methodFirst([...roles]));

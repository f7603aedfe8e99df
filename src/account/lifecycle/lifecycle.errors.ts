import { errorCatalogue } from '../../common/errors/domain-error.js';

/**
 * The code account deletion and export answer with of their own; the rest are auth's (`invalid_credentials`,
 * `last_admin`, `rate_limited`) and the re-authentication rule's (`reauthentication_required`).
 */
export class LifecycleError extends errorCatalogue({
  unauthenticated: 'unauthenticated',
}) {}

import { errorCatalogue } from '../../common/errors/domain-error.js';

/** Every code account deletion and export answer with (besides auth's `invalid_credentials` and `last_admin`). */
export class LifecycleError extends errorCatalogue({
  reauthentication_required: 'forbidden',
  unauthenticated: 'unauthenticated',
}) {}

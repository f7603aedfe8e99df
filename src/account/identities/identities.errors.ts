import { errorCatalogue } from '../../common/errors/domain-error.js';

/** Every code the linked-identities routes answer with (linking itself refuses at the OAuth callback). */
export class IdentitiesError extends errorCatalogue({
  identity_not_found: 'not_found',
  last_sign_in_method: 'conflict',
  unauthenticated: 'unauthenticated',
}) {}

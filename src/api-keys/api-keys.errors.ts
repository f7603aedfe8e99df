import { errorCatalogue } from '../common/errors/domain-error.js';

/** Every code the API-keys feature answers with. */
export class ApiKeysError extends errorCatalogue({
  invalid_api_key: 'unauthenticated',
  not_found: 'not_found',
  unknown_user: 'unprocessable',
}) {}

export type ApiKeysErrorCode = ApiKeysError['code'];

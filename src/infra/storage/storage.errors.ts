import { errorCatalogue } from '../../common/errors/domain-error.js';

/** Every code the storage adapters answer with (signed local-disk URLs, an unreachable object store). */
export class StorageError extends errorCatalogue({
  size_mismatch: 'bad_request',
  upload_aborted: 'bad_request',
  invalid_signature: 'forbidden',
  url_expired: 'forbidden',
  not_found: 'not_found',
  payload_too_large: 'payload_too_large',
  storage_unavailable: 'service_unavailable',
}) {}

export type StorageErrorCode = StorageError['code'];

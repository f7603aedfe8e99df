import { errorCatalogue } from '../common/errors/domain-error.js';

/** Every code the uploads feature answers with (400 validation_failed comes from the common pipes' catalogue). */
export class UploadsError extends errorCatalogue({
  malformed_multipart: 'bad_request',
  not_found: 'not_found',
  file_too_large: 'payload_too_large',
  too_many_files: 'payload_too_large',
  too_many_parts: 'payload_too_large',
  unsupported_media_type: 'unsupported_media_type',
  size_mismatch: 'unprocessable',
  upload_expired: 'unprocessable',
  upload_missing: 'unprocessable',
}) {}

export type UploadsErrorCode = UploadsError['code'];

import type { PresignedUpload } from '../infra/storage/object-storage.js';
import type { Upload } from '../generated/prisma/client.js';
import type { UploadView } from './uploads.service.js';

/** The JSON shapes of uploads (snake_case, as in the API contract). */
export const UploadPresenter = {
  present: (upload: UploadView) => ({
    id: upload.id,
    name: upload.name,
    url: upload.url,
    size: upload.size,
    content_type: upload.contentType,
  }),
  /** Where and how to PUT a direct upload. */
  presigned: (upload: Upload, target: PresignedUpload) => ({
    upload_id: upload.id,
    url: target.url,
    method: target.method,
    headers: target.headers,
    expires_at: target.expiresAt.toISOString(),
  }),
};

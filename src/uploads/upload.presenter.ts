import type { PresignedUpload } from '../infra/storage/object-storage.js';
import type { Upload } from '../generated/prisma/client.js';
import type { UploadView } from './uploads.service.js';

/** The JSON shapes of uploads (snake_case, as in the API contract). */
export const UploadPresenter = {
  item(upload: UploadView) {
    return {
      id: upload.id,
      name: upload.name,
      url: upload.url,
      size: upload.size,
      content_type: upload.contentType,
    };
  },

  presigned(upload: Upload, target: PresignedUpload) {
    return {
      upload_id: upload.id,
      url: target.url,
      method: target.method,
      headers: target.headers,
      expires_at: target.expiresAt.toISOString(),
    };
  },
};

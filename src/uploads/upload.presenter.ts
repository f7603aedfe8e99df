import { ApiProperty } from '@nestjs/swagger';
import {
  ApiIntegerProperty,
  ApiTimestampProperty,
  DataOf,
  ListOf,
  PageOf,
} from '../common/openapi/api-properties.js';
import type { PresignedUpload } from '../infra/storage/object-storage.js';
import type { Upload } from '../generated/prisma/client.js';
import type { UploadView } from './uploads.service.js';

/** An uploaded image (snake_case, as in the API contract). */
export class UploadResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'holiday.jpg' })
  name!: string;

  @ApiProperty({ description: 'Where to fetch the file (a signed URL when the storage needs one).' })
  url!: string;

  @ApiIntegerProperty(1, undefined, { description: 'Bytes.' })
  size!: number;

  @ApiProperty({ enum: ['image/jpeg', 'image/png'] })
  content_type!: string;
}

export class UploadResponseList extends ListOf(UploadResponse) {}
export class UploadResponseData extends DataOf(UploadResponse) {}
export class UploadResponsePage extends PageOf(UploadResponse) {}

/** Where and how to PUT a direct upload. */
export class PresignedUploadResponse {
  @ApiProperty({ format: 'uuid', description: 'For POST /api/uploads/{id}/complete once the PUT is done.' })
  upload_id!: string;

  @ApiProperty({ description: 'The signed URL to PUT the file to (one upload).' })
  url!: string;

  @ApiProperty({ enum: ['PUT'] })
  method!: 'PUT';

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Headers the PUT must carry (they are part of the signature).',
    example: { 'content-type': 'image/jpeg' },
  })
  headers!: Record<string, string>;

  @ApiTimestampProperty()
  expires_at!: string;
}

export const UploadPresenter = {
  present: (upload: UploadView): UploadResponse => ({
    id: upload.id,
    name: upload.name,
    url: upload.url,
    size: upload.size,
    content_type: upload.contentType,
  }),
  presigned: (upload: Upload, target: PresignedUpload): PresignedUploadResponse => ({
    upload_id: upload.id,
    url: target.url,
    method: target.method,
    headers: target.headers,
    expires_at: target.expiresAt.toISOString(),
  }),
};

// The life of a direct upload: where its presigned URL puts the object, and when it counts as abandoned.
import type { Upload } from '../generated/prisma/client.js';
import { extensionOf, type ImageType } from './upload-rules.js';

/** After its URL expires, a direct upload may still be completed this long (a slow PUT may still be running). */
export const COMPLETE_GRACE_MS = 5 * 60_000;

export function incomingKey(ownerId: number, id: string, contentType: ImageType): string {
  return `incoming/${ownerId}/${id}.${extensionOf(contentType)}`;
}

/** Where the presigned URL of a direct upload puts its object (the row's key moves on at `complete`). */
export function incomingKeyOf(upload: Pick<Upload, 'id' | 'ownerId' | 'contentType'>): string {
  return incomingKey(upload.ownerId, upload.id, upload.contentType as ImageType);
}

/** Direct uploads whose URL expired before this can no longer be completed. */
export function abandonmentCutoff(now: Date): Date {
  return new Date(now.getTime() - COMPLETE_GRACE_MS);
}

export function isAbandoned(upload: Pick<Upload, 'expiresAt'>, now: Date): boolean {
  return upload.expiresAt !== null && upload.expiresAt < abandonmentCutoff(now);
}

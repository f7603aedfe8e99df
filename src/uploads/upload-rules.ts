import { UploadsError } from './uploads.errors.js';

// What Hearth accepts as an upload. The limits are part of the API contract, not settings.

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILES_PER_REQUEST = 5;
/** Enough for file-type to tell JPEG and PNG from their look-alikes (APNG, JPEG 2000, ...). */
export const SNIFF_BYTES = 4_100;
const MAX_NAME_LENGTH = 200;

export type ImageType = 'image/jpeg' | 'image/png';

const EXTENSIONS: Record<ImageType, { canonical: string; accepted: readonly string[] }> = {
  'image/jpeg': { canonical: 'jpg', accepted: ['jpg', 'jpeg'] },
  'image/png': { canonical: 'png', accepted: ['png'] },
};

export function isImageType(value: string | undefined): value is ImageType {
  return value !== undefined && Object.hasOwn(EXTENSIONS, value);
}

/** The image type a file name claims by its extension, if it is one Hearth accepts. */
export function imageTypeOfName(name: string): ImageType | undefined {
  const extension = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase();
  if (!extension) return undefined;
  return (Object.keys(EXTENSIONS) as ImageType[]).find((type) =>
    EXTENSIONS[type].accepted.includes(extension),
  );
}

/** The extension of stored objects: from the type the server determined, never from the client's name. */
export function extensionOf(type: ImageType): string {
  return EXTENSIONS[type].canonical;
}

/**
 * The client's file name, kept as display metadata only: the last path segment, without control
 * characters or anything but letters, digits and a few punctuation marks, at most 200 characters.
 */
export function sanitizeFileName(raw: string): string {
  const base = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .replace(/\s/g, ' ')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/[^\p{L}\p{N} ._()-]/gu, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '');
  if (cleaned === '') return 'file';
  if (cleaned.length <= MAX_NAME_LENGTH) return cleaned;
  const extension = /\.[^.]{1,10}$/.exec(cleaned)?.[0] ?? '';
  return cleaned.slice(0, MAX_NAME_LENGTH - extension.length) + extension;
}

export function tooManyFiles(): UploadsError {
  return new UploadsError('too_many_files', `At most ${MAX_FILES_PER_REQUEST} files per request.`);
}

export function fileTooLarge(): UploadsError {
  return new UploadsError('file_too_large', `Each file must be at most ${MAX_FILE_BYTES} bytes (10 MB).`);
}

export function unsupportedImage(name: string, reason: string): UploadsError {
  return new UploadsError('unsupported_media_type', `Only JPEG and PNG images are accepted: ${reason}`, {
    file: name,
  });
}

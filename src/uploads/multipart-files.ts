import type { FastifyRequest } from 'fastify';
import '@fastify/multipart';
import { DomainError } from '../common/errors/domain-error.js';
import { invalidFields } from '../common/errors/common.errors.js';
import { UploadsError } from './uploads.errors.js';
import { fileTooLarge, MAX_FILE_BYTES, MAX_FILES_PER_REQUEST, tooManyFiles } from './upload-rules.js';

/** One file of a multipart request, as the uploads service sees it: no Fastify, no busboy. */
export interface IncomingFile {
  field: string;
  filename: string;
  content: AsyncIterable<Uint8Array>;
}

/** Limits for @fastify/multipart (registered in configureApp): the parser stops reading past them. */
export const MULTIPART_LIMITS = {
  files: MAX_FILES_PER_REQUEST,
  fileSize: MAX_FILE_BYTES,
  fields: 10,
  fieldSize: 1_024,
  parts: MAX_FILES_PER_REQUEST + 10,
  headerPairs: 100,
};

const PARSER_ERRORS: Record<string, () => DomainError> = {
  FST_FILES_LIMIT: tooManyFiles,
  FST_REQ_FILE_TOO_LARGE: fileTooLarge,
  FST_PARTS_LIMIT: () => new UploadsError('too_many_parts', 'The form has too many parts.'),
  FST_FIELDS_LIMIT: () => new UploadsError('too_many_parts', 'The form has too many fields.'),
};

/**
 * The files of a multipart request, streamed one after the other, with the parser's errors translated into
 * the API's. Busboy cuts a file at the size limit and only flags it, so a cut file ends in an error here.
 */
export async function* multipartFiles(request: FastifyRequest): AsyncGenerator<IncomingFile> {
  if (!request.isMultipart()) {
    throw new UploadsError('unsupported_media_type', 'Send the files as multipart/form-data.');
  }
  try {
    for await (const part of request.parts()) {
      if (part.type !== 'file') {
        throw invalidFields([
          { field: part.fieldname, message: 'only files in the "files" field are accepted' },
        ]);
      }
      yield { field: part.fieldname, filename: part.filename, content: untruncated(part.file) };
    }
  } catch (error) {
    throw translate(error);
  }
}

async function* untruncated(file: AsyncIterable<Uint8Array> & { truncated?: boolean }) {
  try {
    yield* file;
  } catch (error) {
    throw translate(error);
  }
  if (file.truncated) throw fileTooLarge();
}

function translate(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  const code = (error as { code?: unknown })?.code;
  const known = typeof code === 'string' ? PARSER_ERRORS[code] : undefined;
  if (known) return known();
  // Busboy's own errors (malformed boundaries, early ends) are plain Errors: the client sent a bad form.
  return new UploadsError('malformed_multipart', 'The multipart body could not be read.');
}

/** Content types whose bodies Fastify leaves unparsed, for LocalFilesController to stream to disk. */
export const DIRECT_UPLOAD_TYPES = ['image/jpeg', 'image/png'];

import { randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { access, copyFile, constants, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { limitBytes } from './byte-streams.js';
import {
  downloadWindow,
  isSafeKey,
  ObjectStorage,
  type PresignedUpload,
  type PresignOptions,
  type PutOptions,
} from './object-storage.js';
import { StorageError } from './storage.errors.js';
import { type SignedGrant, UrlSigner } from './url-signer.js';

export interface LocalDiskStorageOptions {
  directory: string;
  signingSecret: string;
  /** Where clients reach the API; file and upload URLs point at its `/api/uploads/files/` routes. */
  publicUrl: string;
  downloadUrlTtlSeconds: number;
}

/** The query of a signed file URL, as the API's files routes receive it. */
export interface SignedUrlQuery {
  expires?: string;
  size?: string;
  signature?: string;
}

export const LOCAL_FILES_PATH = '/api/uploads/files/';

// Objects are written here first and renamed into place, so a key never names half a file. Keys cannot
// start with a dot, so no key can reach this folder.
const INCOMING_DIR = '.incoming';

const CONTENT_TYPE_BY_EXTENSION: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
};

/**
 * Objects as files under one directory; the API itself serves them and accepts direct uploads through URLs
 * signed like S3's presigned URLs (see LocalFilesController), so clients need not know which driver runs.
 */
export class LocalDiskStorage extends ObjectStorage {
  readonly driver = 'local' as const;
  private readonly root: string;
  private readonly signer: UrlSigner;

  constructor(private readonly options: LocalDiskStorageOptions) {
    super();
    this.root = path.resolve(options.directory);
    this.signer = new UrlSigner(options.signingSecret);
  }

  async put(key: string, body: AsyncIterable<Uint8Array>, _options: PutOptions): Promise<{ size: number }> {
    const target = this.pathOf(key);
    await this.writeAtomically(target, (temporary) => writeFileFrom(temporary, body));
    return { size: (await stat(target)).size };
  }

  async stat(key: string): Promise<{ size: number } | null> {
    try {
      const info = await stat(this.pathOf(key));
      return info.isFile() ? { size: info.size } : null;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async readStart(key: string, length: number): Promise<Buffer | null> {
    const file = await open(this.pathOf(key), 'r').catch((error: unknown) => {
      if (isMissing(error)) return null;
      throw error;
    });
    if (!file) return null;
    try {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await file.read(buffer, 0, length, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await file.close();
    }
  }

  async copy(fromKey: string, toKey: string): Promise<boolean> {
    const source = this.pathOf(fromKey);
    try {
      await this.writeAtomically(this.pathOf(toKey), (temporary) => copyFile(source, temporary));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async presignUpload(key: string, options: PresignOptions): Promise<PresignedUpload> {
    const grant: SignedGrant = {
      method: 'PUT',
      key,
      expires: Math.floor(options.expiresAt.getTime() / 1000),
      contentType: options.contentType,
      size: options.size,
    };
    const query = new URLSearchParams({
      expires: String(grant.expires),
      size: String(options.size),
      signature: this.signer.sign(grant),
    });
    return {
      url: `${this.urlOf(key)}?${query}`,
      method: 'PUT',
      headers: { 'content-type': options.contentType },
      expiresAt: new Date(grant.expires * 1000),
    };
  }

  async downloadUrl(key: string, now = new Date()): Promise<string> {
    const { expiresAt } = downloadWindow(now, this.options.downloadUrlTtlSeconds);
    const grant: SignedGrant = { method: 'GET', key, expires: Math.floor(expiresAt.getTime() / 1000) };
    const query = new URLSearchParams({ expires: String(grant.expires), signature: this.signer.sign(grant) });
    return `${this.urlOf(key)}?${query}`;
  }

  async check(): Promise<void> {
    await mkdir(path.join(this.root, INCOMING_DIR), { recursive: true });
    await access(this.root, constants.W_OK);
  }

  /** Serves a file named by a signed download URL. */
  async openSigned(
    key: string,
    query: SignedUrlQuery,
  ): Promise<{ stream: ReadStream; size: number; contentType: string }> {
    this.authorize({ method: 'GET', key, expires: Number(query.expires) }, query.signature);
    const info = await this.stat(key);
    if (!info) throw new StorageError('not_found', 'File not found.');
    return {
      stream: createReadStream(this.pathOf(key)),
      size: info.size,
      contentType: CONTENT_TYPE_BY_EXTENSION[path.extname(key).toLowerCase()] ?? 'application/octet-stream',
    };
  }

  /** Throws 403/404 unless the query is a valid, unexpired signature for a PUT of `key` with this type. */
  authorizeUpload(key: string, query: SignedUrlQuery, contentType: string | undefined): void {
    const grant = { method: 'PUT' as const, key, expires: Number(query.expires), size: Number(query.size) };
    this.authorize({ ...grant, contentType: contentType ?? '' }, query.signature);
  }

  /** Receives the body of a direct upload to a presigned URL: exactly the signed size, with the signed type. */
  async receiveSigned(
    key: string,
    query: SignedUrlQuery,
    contentType: string | undefined,
    body: AsyncIterable<Uint8Array>,
  ): Promise<void> {
    const size = Number(query.size);
    this.authorizeUpload(key, query, contentType);
    const tooLarge = () =>
      new StorageError('payload_too_large', `The body is larger than the ${size} bytes that were signed.`);
    const { size: received } = await this.put(key, limitBytes(body, size, tooLarge), {
      contentType: contentType ?? '',
    }).catch((error: unknown) => {
      // The client went away mid-body: nothing was stored, and nobody is left to answer.
      if ((error as { code?: unknown })?.code === 'ECONNRESET') {
        throw new StorageError('upload_aborted', 'The upload was interrupted.');
      }
      throw error;
    });
    if (received !== size) {
      await this.delete(key);
      throw new StorageError('size_mismatch', `The body has ${received} bytes; ${size} were signed.`);
    }
  }

  private authorize(grant: SignedGrant, signature: string | undefined): void {
    if (!isSafeKey(grant.key)) throw new StorageError('not_found', 'File not found.');
    const check = this.signer.verify(grant, signature);
    if (check === 'expired') throw new StorageError('url_expired', 'This URL has expired.');
    if (check === 'invalid') {
      throw new StorageError('invalid_signature', 'The URL signature does not match this request.');
    }
  }

  private urlOf(key: string): string {
    return `${this.options.publicUrl.replace(/\/$/, '')}${LOCAL_FILES_PATH}${key}`;
  }

  private pathOf(key: string): string {
    if (!isSafeKey(key)) throw new Error(`Unsafe storage key: ${JSON.stringify(key)}`);
    const target = path.resolve(this.root, key);
    // isSafeKey already rules out `..`; this is the belt to its braces.
    if (!target.startsWith(this.root + path.sep)) throw new Error(`Storage key escapes the root: ${key}`);
    return target;
  }

  private async writeAtomically(
    target: string,
    write: (temporary: string) => Promise<unknown>,
  ): Promise<void> {
    const incoming = path.join(this.root, INCOMING_DIR);
    await mkdir(incoming, { recursive: true });
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = path.join(incoming, randomUUID());
    try {
      await write(temporary);
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}

/**
 * Streams `body` into a new file. The file is opened and closed here rather than by a lazy write stream, so
 * that when the body fails, the file is closed before the caller removes it and cannot reappear afterwards.
 */
async function writeFileFrom(file: string, body: AsyncIterable<Uint8Array>): Promise<void> {
  const handle = await open(file, 'w');
  try {
    for await (const chunk of body) await handle.write(chunk);
  } finally {
    await handle.close();
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { StorageConfig } from '../../config/app-config.js';
import { StorageError } from './storage.errors.js';
import {
  downloadWindow,
  isSafeKey,
  ObjectStorage,
  type PresignedUpload,
  type PresignOptions,
  type PutOptions,
} from './object-storage.js';

type S3Settings = NonNullable<StorageConfig['s3']>;

/**
 * Any S3-compatible object store (AWS, MinIO, R2, s3rver) through the official SDK. Downloads and direct
 * uploads use presigned URLs, so file bytes never pass through the API for them.
 */
export class S3Storage extends ObjectStorage {
  readonly driver = 's3' as const;
  private readonly logger = new Logger(S3Storage.name);
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(
    settings: S3Settings,
    private readonly downloadUrlTtlSeconds: number,
  ) {
    super();
    this.bucket = settings.bucket;
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      credentials: settings.credentials,
      // The SDK's default flexible checksums (CRC32 trailers on every upload) are not understood by every
      // S3-compatible store (older MinIO, R2, s3rver); S3 itself accepts either.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 3,
    });
  }

  /**
   * S3 needs the length of a PutObject body up front and a multipart upload would hold 5 MiB parts in
   * memory, so the stream is spooled to a temporary file first. A stream error (size limit, client abort)
   * therefore never reaches the bucket at all.
   */
  async put(key: string, body: AsyncIterable<Uint8Array>, options: PutOptions): Promise<{ size: number }> {
    this.assertKey(key);
    const spool = path.join(os.tmpdir(), `hearth-upload-${randomUUID()}`);
    try {
      await pipeline(body, createWriteStream(spool, { mode: 0o600 }));
      const { size } = await stat(spool);
      await this.call(() =>
        this.client.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: key,
            Body: createReadStream(spool),
            ContentLength: size,
            ContentType: options.contentType,
          }),
        ),
      );
      return { size };
    } finally {
      await rm(spool, { force: true });
    }
  }

  async stat(key: string): Promise<{ size: number } | null> {
    this.assertKey(key);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: head.ContentLength ?? 0 };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw this.unavailable(error);
    }
  }

  async readStart(key: string, length: number): Promise<Buffer | null> {
    this.assertKey(key);
    try {
      const object = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=0-${length - 1}` }),
      );
      const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
      // A store that ignores Range sends everything; only the start is wanted.
      return Buffer.from(bytes.subarray(0, length));
    } catch (error) {
      if (isNotFound(error)) return null;
      throw this.unavailable(error);
    }
  }

  async copy(fromKey: string, toKey: string, options: PutOptions): Promise<boolean> {
    this.assertKey(fromKey);
    this.assertKey(toKey);
    try {
      await this.client.send(
        new CopyObjectCommand({
          Bucket: this.bucket,
          Key: toKey,
          CopySource: `${this.bucket}/${fromKey}`,
          ContentType: options.contentType,
          MetadataDirective: 'REPLACE',
        }),
      );
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw this.unavailable(error);
    }
  }

  async delete(key: string): Promise<void> {
    this.assertKey(key);
    await this.call(() => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })));
  }

  async presignUpload(key: string, options: PresignOptions): Promise<PresignedUpload> {
    this.assertKey(key);
    const expiresIn = Math.max(1, Math.floor((options.expiresAt.getTime() - Date.now()) / 1000));
    // Content-Type and Content-Length are signed: S3 refuses a PUT with another type or size.
    const url = await getSignedUrl(
      this.client,
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ContentType: options.contentType,
        ContentLength: options.size,
      }),
      { expiresIn, signableHeaders: new Set(['content-type', 'content-length']) },
    );
    return {
      url,
      method: 'PUT',
      headers: { 'content-type': options.contentType },
      expiresAt: options.expiresAt,
    };
  }

  async downloadUrl(key: string, now = new Date()): Promise<string> {
    this.assertKey(key);
    const { signedAt } = downloadWindow(now, this.downloadUrlTtlSeconds);
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: key }), {
      expiresIn: this.downloadUrlTtlSeconds,
      signingDate: signedAt,
    });
  }

  async check(): Promise<void> {
    await this.call(() => this.client.send(new HeadBucketCommand({ Bucket: this.bucket })));
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  /** Whatever goes wrong talking to the store is the server's dependency failing, never the client's fault. */
  private unavailable(error: unknown): StorageError {
    this.logger.warn({ err: error, bucket: this.bucket }, 'object storage request failed');
    return new StorageError('storage_unavailable', 'File storage is unavailable; try again shortly.');
  }

  private assertKey(key: string): void {
    if (!isSafeKey(key)) throw new Error(`Unsafe storage key: ${JSON.stringify(key)}`);
  }
}

function isNotFound(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.$metadata.httpStatusCode === 404 || error.name === 'NoSuchKey' || error.name === 'NotFound')
  );
}

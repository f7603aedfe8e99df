import { Inject, Injectable, Logger } from '@nestjs/common';
import { fileTypeFromBuffer } from 'file-type';
import { randomUUID } from 'node:crypto';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { invalidFields } from '../common/errors/common.errors.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { Prisma, Upload } from '../generated/prisma/client.js';
import { type Page, type PageWindow, paginate } from '../infra/database/paginate.js';
import { PrismaService } from '../infra/database/prisma.service.js';
import { Metrics } from '../infra/metrics/metrics.js';
import { limitBytes, peekBytes } from '../infra/storage/byte-streams.js';
import { ObjectStorage, type PresignedUpload } from '../infra/storage/object-storage.js';
import { UploadsError } from './uploads.errors.js';
import type { IncomingFile } from './multipart-files.js';
import { abandonmentCutoff, incomingKey, incomingKeyOf, isAbandoned } from './direct-upload-window.js';
import { StorageQuota } from './storage-quota.js';
import {
  extensionOf,
  fileTooLarge,
  type ImageType,
  imageTypeOfName,
  isImageType,
  MAX_FILE_BYTES,
  MAX_FILES_PER_REQUEST,
  sanitizeFileName,
  SNIFF_BYTES,
  tooManyFiles,
  unsupportedImage,
} from './upload-rules.js';

export const UPLOAD_FIELD = 'files';

export type UploadView = Upload & { url: string };

export interface PresignRequest {
  filename: string;
  contentType: string;
  size: number;
}

interface StoredFile {
  id: string;
  key: string;
  name: string;
  contentType: ImageType;
  size: number;
}

/**
 * Uploads: files streamed through the API (multipart) and direct uploads to storage (presign → PUT →
 * complete). Owns the `uploads` rows and their objects; what counts as an acceptable image is in
 * upload-rules.ts. Object keys are always made here, from the owner and a fresh UUID: the client's file name
 * is display metadata only.
 */
@Injectable()
export class UploadsService {
  private readonly logger = new Logger(UploadsService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly storage: ObjectStorage,
    private readonly quota: StorageQuota,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  /**
   * Stores every file of a multipart request, or none: when any file is refused, the objects stored so far
   * are deleted and no row is written. The files must fit in the owner's storage quota: streaming stops as soon
   * as they cannot, and the rows are recorded under the quota lock.
   */
  async uploadFiles(owner: AuthenticatedUser, files: AsyncIterable<IncomingFile>): Promise<UploadView[]> {
    const now = new Date();
    const stored: StoredFile[] = [];
    try {
      const usage = await this.quota.usage(owner.id, abandonmentCutoff(now));
      for await (const file of files) {
        if (file.field !== UPLOAD_FIELD) {
          throw invalidFields([{ field: file.field, message: `send files in the "${UPLOAD_FIELD}" field` }]);
        }
        if (stored.length === MAX_FILES_PER_REQUEST) throw tooManyFiles();
        const next = await this.storeFile(owner, file, this.fileLimit(usage));
        usage.used += next.size;
        usage.room -= next.size;
        stored.push(next);
      }
      if (stored.length === 0) {
        throw invalidFields([{ field: UPLOAD_FIELD, message: 'at least one file is required' }]);
      }
      const total = stored.reduce((sum, file) => sum + file.size, 0);
      const rows = await this.quota.recordWithin(owner.id, total, abandonmentCutoff(now), (tx) =>
        tx.upload.createManyAndReturn({
          data: stored.map((file) => ({ ...file, ownerId: owner.id, status: 'completed' as const })),
        }),
      );
      for (const file of stored) this.metrics.uploadStored('multipart', file.size);
      return await Promise.all(rows.map((row) => this.view(row)));
    } catch (error) {
      await this.deleteQuietly(stored.map((file) => file.key));
      throw error;
    }
  }

  /**
   * Records a pending direct upload (its size counts in the owner's quota from now on) and returns where to PUT
   * it. Nothing is stored until `complete`.
   */
  async presign(
    owner: AuthenticatedUser,
    request: PresignRequest,
  ): Promise<{ upload: Upload; target: PresignedUpload }> {
    const name = sanitizeFileName(request.filename);
    const contentType = request.contentType.toLowerCase();
    if (!isImageType(contentType))
      throw unsupportedImage(name, `content_type ${request.contentType} is not one.`);
    if (imageTypeOfName(name) !== contentType) {
      throw unsupportedImage(name, `the file name does not end in an extension of ${contentType}.`);
    }
    if (request.size > MAX_FILE_BYTES) throw fileTooLarge();

    const id = randomUUID();
    const key = incomingKey(owner.id, id, contentType);
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.config.storage.uploadUrlTtlSeconds * 1000);
    // The declared size is reserved in the quota until the upload is completed or abandoned.
    const upload = await this.quota.recordWithin(owner.id, request.size, abandonmentCutoff(now), (tx) =>
      tx.upload.create({
        data: {
          id,
          ownerId: owner.id,
          key,
          name,
          contentType,
          size: request.size,
          status: 'pending',
          expiresAt,
        },
      }),
    );
    const target = await this.storage.presignUpload(key, { contentType, size: request.size, expiresAt });
    return { upload, target };
  }

  /**
   * Accepts a direct upload once its object is there, has the declared size and really is the declared image
   * type. The checked object is copied to its final key: the presigned URL stays valid until it expires, and
   * a later PUT to it must not be able to replace what was checked (local disk refuses it, see
   * `assertDirectUploadOpen`; on S3 the sweeper removes what it leaves).
   */
  async complete(owner: AuthenticatedUser, id: string, now = new Date()): Promise<UploadView> {
    const upload = await this.findOwned(owner, id);
    if (upload.status === 'completed') return this.view(upload);
    if (isAbandoned(upload, now)) {
      throw new UploadsError('upload_expired', 'This upload expired; request a new upload URL.');
    }
    try {
      return await this.verifyAndRecord(owner, upload, now);
    } catch (error) {
      // A concurrent complete of the same upload may have recorded it (and removed the PUT target) meanwhile.
      const current = await this.prisma.upload.findFirst({ where: { id: upload.id, ownerId: owner.id } });
      if (current?.status === 'completed') return this.view(current);
      throw error;
    }
  }

  private async verifyAndRecord(owner: AuthenticatedUser, upload: Upload, now: Date): Promise<UploadView> {
    const missing = () =>
      new UploadsError('upload_missing', 'Nothing has been uploaded to the upload URL yet.');
    const object = await this.storage.stat(upload.key);
    if (!object) throw missing();
    if (object.size !== upload.size || object.size > MAX_FILE_BYTES) {
      await this.storage.delete(upload.key);
      throw new UploadsError(
        'size_mismatch',
        `The uploaded file has ${object.size} bytes, not the ${upload.size} bytes declared.`,
      );
    }
    const head = await this.storage.readStart(upload.key, SNIFF_BYTES);
    if (!head) throw missing();
    const sniffed = await fileTypeFromBuffer(head);
    if (sniffed?.mime !== upload.contentType) {
      await this.storage.delete(upload.key);
      throw unsupportedImage(upload.name, `the uploaded bytes are not ${upload.contentType}.`);
    }

    const contentType = upload.contentType as ImageType;
    const finalKey = `uploads/${owner.id}/${upload.id}.${extensionOf(contentType)}`;
    if (!(await this.storage.copy(upload.key, finalKey, { contentType }))) throw missing();
    // Claimed atomically: the sweeper (expired rows only) or a concurrent complete may have got there first.
    await this.prisma.upload.updateMany({
      where: { id: upload.id, status: 'pending', expiresAt: { gte: abandonmentCutoff(now) } },
      // expires_at stays: until then a late PUT to the URL may still leave an object to sweep (S3 cannot refuse it).
      data: { status: 'completed', key: finalKey },
    });
    const recorded = await this.prisma.upload.findFirst({ where: { id: upload.id, ownerId: owner.id } });
    if (recorded?.status !== 'completed') {
      await this.storage.delete(finalKey);
      throw new UploadsError('upload_expired', 'This upload expired; request a new upload URL.');
    }
    await this.deleteQuietly([upload.key]);
    this.metrics.uploadStored('direct', recorded.size);
    return this.view(recorded);
  }

  /** The owner's completed uploads, newest first. */
  async list(owner: AuthenticatedUser, window: PageWindow): Promise<Page<UploadView>> {
    const where = { ownerId: owner.id, status: 'completed' as const };
    const { items, total } = await paginate(window, {
      rows: (range) =>
        this.prisma.upload.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], ...range }),
      count: () => this.prisma.upload.count({ where }),
    });
    return { items: await Promise.all(items.map((row) => this.view(row))), total };
  }

  /** Deletes one of the owner's uploads and its object. Someone else's upload does not exist for them. */
  async remove(owner: AuthenticatedUser, id: string): Promise<void> {
    const upload = await this.findOwned(owner, id);
    // The objects first: if that fails the row remains and the client can retry.
    await this.storage.delete(upload.key);
    if (upload.expiresAt) await this.storage.delete(incomingKeyOf(upload));
    await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.upload.deleteMany({ where: { id: upload.id, ownerId: owner.id } });
      if (count > 0) await this.sweepUrlTargetsLaterWithin(tx, [upload]);
    });
  }

  /**
   * Account deletion, inside its transaction: the storage keys of every upload of `ownerId` (a pending direct
   * upload's incoming object too). The rows go with the user row (ON DELETE CASCADE); pass the keys to
   * `deleteObjects` once the transaction has committed, so a refused deletion never loses files.
   */
  async objectKeysOfOwnerWithin(tx: Prisma.TransactionClient, ownerId: number): Promise<string[]> {
    const uploads = await tx.upload.findMany({ where: { ownerId } });
    await this.sweepUrlTargetsLaterWithin(tx, uploads);
    return uploads.flatMap((upload) =>
      upload.expiresAt ? [upload.key, incomingKeyOf(upload)] : [upload.key],
    );
  }

  /**
   * Uploads whose rows go while their presigned URL may still be used (S3 cannot revoke it): whatever a PUT leaves
   * there is deleted by the sweeper once the URL has expired (storage_sweeps).
   */
  private async sweepUrlTargetsLaterWithin(tx: Prisma.TransactionClient, uploads: Upload[]): Promise<void> {
    const sweeps = uploads.flatMap(({ expiresAt, ...upload }) =>
      expiresAt ? [{ key: incomingKeyOf(upload), urlExpiresAt: expiresAt }] : [],
    );
    if (sweeps.length > 0) await tx.storageSweep.createMany({ data: sweeps, skipDuplicates: true });
  }

  /** Deletes the objects; one that cannot be deleted is logged (by key only) and the rest still go. */
  async deleteObjects(keys: readonly string[]): Promise<{ failed: number }> {
    const results = await Promise.allSettled(keys.map((key) => this.storage.delete(key)));
    const failed = results.filter((result) => result.status === 'rejected');
    for (const result of failed) {
      this.logger.error({ err: result.reason }, 'could not delete an object of a deleted account');
    }
    return { failed: failed.length };
  }

  /**
   * For storage that the API serves itself (local disk): a presigned URL takes one upload, so a PUT is accepted
   * only while its upload is pending. 409 `upload_url_used` once it was completed, deleted or swept.
   */
  async assertDirectUploadOpen(key: string): Promise<void> {
    const pending = await this.prisma.upload.count({ where: { key, status: 'pending' } });
    if (pending === 0) {
      throw new UploadsError('upload_url_used', 'This upload URL has been used; request a new one.');
    }
  }

  /** How far the next file may go: 10 MB, or less when the quota's room is the tighter bound. */
  private fileLimit(usage: { used: number; room: number }): { maxBytes: number; tooLarge: () => Error } {
    if (usage.room >= MAX_FILE_BYTES) return { maxBytes: MAX_FILE_BYTES, tooLarge: fileTooLarge };
    return { maxBytes: usage.room, tooLarge: () => this.quota.exceeded(usage.used) };
  }

  private async storeFile(
    owner: AuthenticatedUser,
    file: IncomingFile,
    limit: { maxBytes: number; tooLarge: () => Error },
  ): Promise<StoredFile> {
    const name = sanitizeFileName(file.filename);
    const claimed = imageTypeOfName(name);
    if (!claimed) throw unsupportedImage(name, 'the file name must end in .jpg, .jpeg or .png.');
    const { head, body } = await peekBytes(file.content, SNIFF_BYTES);
    const sniffed = await fileTypeFromBuffer(head);
    if (sniffed?.mime !== claimed) throw unsupportedImage(name, `its bytes are not ${claimed}.`);

    const id = randomUUID();
    const key = `uploads/${owner.id}/${id}.${extensionOf(claimed)}`;
    try {
      const { size } = await this.storage.put(key, limitBytes(body, limit.maxBytes, limit.tooLarge), {
        contentType: claimed,
      });
      return { id, key, name, contentType: claimed, size };
    } catch (error) {
      // Adapters store nothing on a failed put; deleting anyway costs one request and rules out leftovers.
      await this.deleteQuietly([key]);
      throw error;
    }
  }

  private async findOwned(owner: AuthenticatedUser, id: string): Promise<Upload> {
    const upload = await this.prisma.upload.findFirst({ where: { id, ownerId: owner.id } });
    if (!upload) throw new UploadsError('not_found', 'Upload not found.');
    return upload;
  }

  private async view(upload: Upload): Promise<UploadView> {
    return { ...upload, url: await this.storage.downloadUrl(upload.key) };
  }

  /** Cleanup after a failure must not hide the failure itself. */
  private async deleteQuietly(keys: string[]): Promise<void> {
    const results = await Promise.allSettled(keys.map((key) => this.storage.delete(key)));
    for (const result of results) {
      if (result.status === 'rejected') {
        this.logger.warn({ err: result.reason }, 'could not delete an object after a failed upload');
      }
    }
  }
}

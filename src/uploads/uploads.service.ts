import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { fileTypeFromBuffer } from 'file-type';
import { randomUUID } from 'node:crypto';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { invalidFields } from '../common/errors/common.errors.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { Upload } from '../generated/prisma/client.js';
import { type Page, type PageWindow, paginate } from '../infra/database/paginate.js';
import { PrismaService } from '../infra/database/prisma.service.js';
import { Metrics } from '../infra/metrics/metrics.js';
import { limitBytes, peekBytes } from '../infra/storage/byte-streams.js';
import { ObjectStorage, type PresignedUpload } from '../infra/storage/object-storage.js';
import { UploadsError } from './uploads.errors.js';
import type { IncomingFile } from './multipart-files.js';
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

/** After its URL expires, a direct upload may still be completed this long (a slow PUT may still be running). */
export const COMPLETE_GRACE_MS = 5 * 60_000;
const SWEEP_BATCH = 100;

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
export class UploadsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(UploadsService.name);
  private sweeper?: NodeJS.Timeout;
  private sweeping?: Promise<number>;

  constructor(
    private readonly prisma: PrismaService,
    private readonly storage: ObjectStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    const seconds = this.config.storage.sweepIntervalSeconds;
    if (seconds === 0) return;
    this.sweeper = setInterval(() => {
      if (this.sweeping) return;
      this.sweepExpired().catch((error: unknown) =>
        this.logger.warn({ err: error }, 'sweeping expired uploads failed'),
      );
    }, seconds * 1000);
    this.sweeper.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.sweeper);
    await this.sweeping?.catch(() => undefined);
  }

  /**
   * Stores every file of a multipart request, or none: when any file is refused, the objects stored so far
   * are deleted and no row is written.
   */
  async uploadFiles(owner: AuthenticatedUser, files: AsyncIterable<IncomingFile>): Promise<UploadView[]> {
    const stored: StoredFile[] = [];
    try {
      for await (const file of files) {
        if (file.field !== UPLOAD_FIELD) {
          throw invalidFields([{ field: file.field, message: `send files in the "${UPLOAD_FIELD}" field` }]);
        }
        if (stored.length === MAX_FILES_PER_REQUEST) throw tooManyFiles();
        stored.push(await this.storeFile(owner, file));
      }
      if (stored.length === 0) {
        throw invalidFields([{ field: UPLOAD_FIELD, message: 'at least one file is required' }]);
      }
      const rows = await this.prisma.$transaction(
        stored.map((file) =>
          this.prisma.upload.create({ data: { ...file, ownerId: owner.id, status: 'completed' } }),
        ),
      );
      for (const file of stored) this.metrics.uploadStored('multipart', file.size);
      return await Promise.all(rows.map((row) => this.view(row)));
    } catch (error) {
      await this.deleteQuietly(stored.map((file) => file.key));
      throw error;
    }
  }

  /** Records a pending direct upload and returns where to PUT it. Nothing is stored until `complete`. */
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
    const key = `incoming/${owner.id}/${id}.${extensionOf(contentType)}`;
    const expiresAt = new Date(Date.now() + this.config.storage.uploadUrlTtlSeconds * 1000);
    const target = await this.storage.presignUpload(key, { contentType, size: request.size, expiresAt });
    const upload = await this.prisma.upload.create({
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
    });
    return { upload, target };
  }

  /**
   * Accepts a direct upload once its object is there, has the declared size and really is the declared image
   * type. The checked object is copied to its final key: the presigned URL stays valid until it expires, and
   * a later PUT to it must not be able to replace what was checked.
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
      data: { status: 'completed', key: finalKey, expiresAt: null },
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
    // The object first: if that fails the row remains and the client can retry.
    await this.storage.delete(upload.key);
    await this.prisma.upload.deleteMany({ where: { id: upload.id, ownerId: owner.id } });
  }

  /**
   * Deletes direct uploads that were never completed (objects first, so a failure leaves the row for the
   * next sweep). Safe to run on several instances at once. Returns how many were removed.
   */
  async sweepExpired(now = new Date()): Promise<number> {
    // One sweep at a time per instance: a call during a sweep runs after it.
    const run = (this.sweeping ?? Promise.resolve(0)).catch(() => 0).then(() => this.sweep(now));
    this.sweeping = run;
    try {
      return await run;
    } finally {
      if (this.sweeping === run) this.sweeping = undefined;
    }
  }

  private async sweep(now: Date): Promise<number> {
    let removed = 0;
    for (;;) {
      const batch = await this.prisma.upload.findMany({
        where: { status: 'pending', expiresAt: { lt: abandonmentCutoff(now) } },
        select: { id: true, key: true },
        orderBy: { expiresAt: 'asc' },
        take: SWEEP_BATCH,
      });
      for (const row of batch) {
        await this.storage.delete(row.key);
        const { count } = await this.prisma.upload.deleteMany({ where: { id: row.id, status: 'pending' } });
        removed += count;
      }
      if (batch.length < SWEEP_BATCH) return removed;
    }
  }

  private async storeFile(owner: AuthenticatedUser, file: IncomingFile): Promise<StoredFile> {
    const name = sanitizeFileName(file.filename);
    const claimed = imageTypeOfName(name);
    if (!claimed) throw unsupportedImage(name, 'the file name must end in .jpg, .jpeg or .png.');
    const { head, body } = await peekBytes(file.content, SNIFF_BYTES);
    const sniffed = await fileTypeFromBuffer(head);
    if (sniffed?.mime !== claimed) throw unsupportedImage(name, `its bytes are not ${claimed}.`);

    const id = randomUUID();
    const key = `uploads/${owner.id}/${id}.${extensionOf(claimed)}`;
    try {
      const { size } = await this.storage.put(key, limitBytes(body, MAX_FILE_BYTES, fileTooLarge), {
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

function abandonmentCutoff(now: Date): Date {
  return new Date(now.getTime() - COMPLETE_GRACE_MS);
}

function isAbandoned(upload: Upload, now: Date): boolean {
  return upload.expiresAt !== null && upload.expiresAt < abandonmentCutoff(now);
}

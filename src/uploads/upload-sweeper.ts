import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { PrismaService } from '../infra/database/prisma.service.js';
import { ObjectStorage } from '../infra/storage/object-storage.js';
import { abandonmentCutoff, incomingKeyOf } from './direct-upload-window.js';

const SWEEP_BATCH = 100;

/**
 * Clears what direct uploads leave behind, every UPLOAD_SWEEP_INTERVAL_SECONDS: uploads never completed once
 * their URL has expired (rows and objects), and objects that a PUT sent to the URL of an upload after it was
 * completed, deleted, or its owner's account deleted (S3 accepts such PUTs until the URL expires).
 */
@Injectable()
export class UploadSweeper implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(UploadSweeper.name);
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<number>;

  constructor(
    private readonly prisma: PrismaService,
    private readonly storage: ObjectStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const seconds = this.config.storage.sweepIntervalSeconds;
    if (seconds === 0) return;
    this.timer = setInterval(() => {
      if (this.sweeping) return;
      this.sweepExpired().catch((error: unknown) =>
        this.logger.warn({ err: error }, 'sweeping expired uploads failed'),
      );
    }, seconds * 1000);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping?.catch(() => undefined);
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
      if (batch.length < SWEEP_BATCH) break;
    }
    await this.sweepLatePuts(now);
    await this.sweepOrphanedUrlTargets(now);
    return removed;
  }

  /** The URL targets of uploads deleted (with their owner, or alone) before their URL expired: storage_sweeps. */
  private async sweepOrphanedUrlTargets(now: Date): Promise<void> {
    for (;;) {
      const batch = await this.prisma.storageSweep.findMany({
        where: { urlExpiresAt: { lt: abandonmentCutoff(now) } },
        orderBy: { urlExpiresAt: 'asc' },
        take: SWEEP_BATCH,
      });
      for (const { key } of batch) {
        await this.storage.delete(key);
        await this.prisma.storageSweep.deleteMany({ where: { key } });
      }
      if (batch.length < SWEEP_BATCH) return;
    }
  }

  /**
   * Completed direct uploads whose URL has expired: whatever a PUT sent to it after `complete` is deleted (S3
   * accepts such PUTs until the URL expires), and the row is marked as needing no more sweeping.
   */
  private async sweepLatePuts(now: Date): Promise<void> {
    for (;;) {
      const batch = await this.prisma.upload.findMany({
        where: { status: 'completed', expiresAt: { lt: abandonmentCutoff(now) } },
        select: { id: true, ownerId: true, contentType: true },
        take: SWEEP_BATCH,
      });
      for (const row of batch) {
        await this.storage.delete(incomingKeyOf(row));
        await this.prisma.upload.updateMany({ where: { id: row.id }, data: { expiresAt: null } });
      }
      if (batch.length < SWEEP_BATCH) return;
    }
  }
}

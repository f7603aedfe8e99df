import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { Prisma } from '../generated/prisma/client.js';
import { PrismaService } from '../infra/database/prisma.service.js';
import { UploadsError } from './uploads.errors.js';

type Tx = Prisma.TransactionClient;

// pg_advisory_xact_lock(namespace, owner id) serialises the quota checks of one user.
const QUOTA_LOCK_NAMESPACE = 0x5551; // "UQ"

/**
 * The per-user storage quota (STORAGE_QUOTA_BYTES_PER_USER). A user's usage is the size of their completed
 * uploads plus that of presigned ones that may still be completed (declared size, reserved at presign). A new
 * row is written only in a transaction that holds the user's advisory lock and has checked that it fits, so
 * concurrent requests cannot record more than the quota.
 */
@Injectable()
export class StorageQuota {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** What the user stores now and may still add: a hint for streaming (the check that counts is `recordWithin`). */
  async usage(ownerId: number, abandonedBefore: Date): Promise<{ used: number; room: number }> {
    const used = await this.used(this.prisma, ownerId, abandonedBefore);
    return { used, room: Math.max(0, this.quotaBytes - used) };
  }

  /** Runs `record` under the owner's lock if `bytes` more fit in the quota, else 413 storage_quota_exceeded. */
  async recordWithin<T>(
    ownerId: number,
    bytes: number,
    abandonedBefore: Date,
    record: (tx: Tx) => Promise<T>,
  ): Promise<T> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${QUOTA_LOCK_NAMESPACE}::int, ${ownerId}::int)`;
      const used = await this.used(tx, ownerId, abandonedBefore);
      if (used + bytes > this.quotaBytes) throw this.exceeded(used);
      return record(tx);
    });
  }

  exceeded(usedBytes: number): UploadsError {
    return new UploadsError(
      'storage_quota_exceeded',
      `This would take your uploads over your storage quota of ${this.quotaBytes} bytes; delete some first.`,
      { quota_bytes: this.quotaBytes, used_bytes: usedBytes },
    );
  }

  private get quotaBytes(): number {
    return this.config.storage.quotaBytesPerUser;
  }

  // A sum over int4 sizes can pass 2^31 (quotas above 2 GiB): summed as bigint.
  private async used(db: Tx, ownerId: number, abandonedBefore: Date): Promise<number> {
    const [{ used }] = await db.$queryRaw<{ used: bigint }[]>`
      SELECT COALESCE(sum(size), 0)::bigint AS used FROM uploads
      WHERE owner_id = ${ownerId}
        AND (status = 'completed' OR (status = 'pending' AND expires_at >= ${abandonedBefore}))`;
    return Number(used);
  }
}

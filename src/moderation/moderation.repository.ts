import { Injectable } from '@nestjs/common';
import type { ModerationAction, Prisma, Report } from '../generated/prisma/client.js';
import type {
  ModerationActionKind,
  ModerationTargetType,
  ReportResolution,
  ReportStatus,
} from '../generated/prisma/enums.js';
import { isUniqueViolation } from '../infra/database/prisma-errors.js';
import { PrismaService } from '../infra/database/prisma.service.js';
import { ModerationError } from './moderation.errors.js';

type Tx = Prisma.TransactionClient;

export interface ModerationTarget {
  type: ModerationTargetType;
  id: number;
}

export interface ActionRecord {
  actorId: number;
  action: ModerationActionKind;
  target: ModerationTarget;
  reason: string | null;
}

export interface NewReport {
  reporterId: number;
  target: ModerationTarget;
  reason: string;
}

const NEWEST_FIRST = { id: 'desc' } as const;
const targetKey = (type: ModerationTargetType, id: number) => `${type}:${id}`;

/** The owner of moderation_actions (the audit log) and reports. */
@Injectable()
export class ModerationRepository {
  constructor(private readonly prisma: PrismaService) {}

  recordAction(tx: Tx, record: ActionRecord): Promise<ModerationAction> {
    return tx.moderationAction.create({
      data: {
        actorId: record.actorId,
        action: record.action,
        targetType: record.target.type,
        targetId: record.target.id,
        reason: record.reason,
      },
    });
  }

  /** Newest first, `limit + 1` rows from before `beforeId` (so the caller knows whether there is more). */
  listActions(beforeId: number | undefined, limit: number): Promise<ModerationAction[]> {
    return this.prisma.moderationAction.findMany({
      where: beforeId === undefined ? {} : { id: { lt: beforeId } },
      orderBy: NEWEST_FIRST,
      take: limit + 1,
    });
  }

  /** The partial unique index allows one open report per reporter and target: a second → 409 `already_reported`. */
  async createReport(report: NewReport): Promise<Report> {
    try {
      return await this.prisma.report.create({
        data: {
          reporterId: report.reporterId,
          targetType: report.target.type,
          targetId: report.target.id,
          reason: report.reason,
        },
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ModerationError('already_reported', 'You already have an open report on this content.');
      }
      throw error;
    }
  }

  findReport(id: number): Promise<Report | null> {
    return this.prisma.report.findUnique({ where: { id } });
  }

  listReports(status: ReportStatus, beforeId: number | undefined, limit: number): Promise<Report[]> {
    return this.prisma.report.findMany({
      where: { status, ...(beforeId !== undefined && { id: { lt: beforeId } }) },
      orderBy: NEWEST_FIRST,
      take: limit + 1,
    });
  }

  /** Open reports per target, keyed `type:id`, for the targets given. */
  async openReportCounts(targets: ModerationTarget[]): Promise<Map<string, number>> {
    if (targets.length === 0) return new Map();
    const groups = await this.prisma.report.groupBy({
      by: ['targetType', 'targetId'],
      where: { status: 'open', OR: targets.map((t) => ({ targetType: t.type, targetId: t.id })) },
      _count: { _all: true },
    });
    return new Map(groups.map((g) => [targetKey(g.targetType, g.targetId), g._count._all]));
  }

  /**
   * Resolves report `id` and every other open report on its target, if `id` is still open; answers how many were
   * resolved (0: someone resolved `id` first).
   */
  async resolveReports(
    tx: Tx,
    report: Pick<Report, 'id' | 'targetType' | 'targetId'>,
    resolution: ReportResolution,
    resolverId: number,
  ): Promise<number> {
    const data = {
      status: 'resolved' as const,
      resolution,
      resolvedById: resolverId,
      resolvedAt: new Date(),
    };
    const claimed = await tx.report.updateMany({ where: { id: report.id, status: 'open' }, data });
    if (claimed.count === 0) return 0;
    const others = await tx.report.updateMany({
      where: { targetType: report.targetType, targetId: report.targetId, status: 'open' },
      data,
    });
    return 1 + others.count;
  }
}

export { targetKey };

import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import type { Report } from '../generated/prisma/client.js';
import type { ReportResolution, ReportStatus } from '../generated/prisma/enums.js';
import { DomainError } from '../common/errors/domain-error.js';
import { PrismaService } from '../infra/database/prisma.service.js';
import { CommentsService } from '../comments/comments.service.js';
import { PostsService } from '../posts/posts.service.js';
import { decodeIdCursor, pageOf } from './id-cursor.js';
import { ModerationError } from './moderation.errors.js';
import { type ModerationTarget, ModerationRepository, targetKey } from './moderation.repository.js';
import { ModerationService } from './moderation.service.js';

export interface ReportWithCount {
  report: Report;
  /** Open reports on the same target, this one included when it is open. */
  openReportsOnTarget: number;
}

/** Users' reports of posts and comments, and moderators' queue of them. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly posts: PostsService,
    private readonly comments: CommentsService,
    private readonly moderation: ModerationService,
    private readonly repository: ModerationRepository,
  ) {}

  /** Only content the reporter can see can be reported: anything else is 404, as it is everywhere else. */
  async create(reporter: AuthenticatedUser, target: ModerationTarget, reason: string): Promise<Report> {
    await this.assertVisible(reporter, target);
    return this.repository.createReport({ reporterId: reporter.id, target, reason });
  }

  async list(
    status: ReportStatus,
    cursor: string | undefined,
    limit: number,
  ): Promise<{ items: ReportWithCount[]; nextCursor: string | null }> {
    const beforeId = cursor === undefined ? undefined : decodeIdCursor(cursor);
    const page = pageOf(await this.repository.listReports(status, beforeId, limit), limit);
    const counts = await this.repository.openReportCounts(
      page.items.map((report) => ({ type: report.targetType, id: report.targetId })),
    );
    const items = page.items.map((report) => ({
      report,
      openReportsOnTarget: counts.get(targetKey(report.targetType, report.targetId)) ?? 0,
    }));
    return { items, nextCursor: page.nextCursor };
  }

  /**
   * Resolves the report and every other open report on its target. `hide` hides the target first (a target
   * deleted meanwhile needs no hiding); `dismiss` leaves it and logs the dismissal.
   */
  async resolve(
    actor: AuthenticatedUser,
    id: number,
    resolution: ReportResolution,
    reason: string | undefined,
  ): Promise<{ report: Report; resolved: number }> {
    const report = await this.findOpen(id);
    const target = { type: report.targetType, id: report.targetId };
    if (resolution === 'hide') await this.hideUnlessGone(actor, target, reason ?? report.reason);
    const resolved = await this.prisma.$transaction(async (tx) => {
      const count = await this.repository.resolveReports(tx, report, resolution, actor.id);
      if (count === 0) throw alreadyResolved();
      if (resolution === 'dismiss') {
        const record = {
          actorId: actor.id,
          action: 'dismiss_reports',
          target,
          reason: reason ?? null,
        } as const;
        await this.repository.recordAction(tx, record);
      }
      return count;
    });
    return { report: (await this.repository.findReport(id)) ?? report, resolved };
  }

  private async findOpen(id: number): Promise<Report> {
    const report = await this.repository.findReport(id);
    if (!report) throw new ModerationError('not_found', 'Report not found.');
    if (report.status !== 'open') throw alreadyResolved();
    return report;
  }

  private async hideUnlessGone(actor: AuthenticatedUser, target: ModerationTarget, reason: string) {
    try {
      await this.moderation.hide(actor, target, reason);
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'not_found')) throw error;
    }
  }

  private async assertVisible(viewer: AuthenticatedUser, target: ModerationTarget): Promise<void> {
    if (target.type === 'post') await this.posts.findVisible(target.id, viewer);
    else await this.comments.findVisible(target.id, viewer);
  }
}

const alreadyResolved = () =>
  new ModerationError('report_already_resolved', 'This report has already been resolved.');

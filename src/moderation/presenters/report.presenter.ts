import { ApiProperty } from '@nestjs/swagger';
import type { Report } from '../../generated/prisma/client.js';
import { MAX_INT4 } from '../../common/validation/ids.js';
import { CursorMeta } from './moderation-action.presenter.js';

export class ReportView {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_INT4 })
  id!: number;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_INT4 })
  reporter_id!: number;

  @ApiProperty({ enum: ['post', 'comment'] })
  target_type!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_INT4 })
  target_id!: number;

  @ApiProperty()
  reason!: string;

  @ApiProperty({ enum: ['open', 'resolved'] })
  status!: string;

  @ApiProperty({ type: 'string', enum: ['hide', 'dismiss', null], nullable: true })
  resolution!: string | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'The moderator or admin who resolved it.' })
  resolved_by!: number | null;

  @ApiProperty({ format: 'date-time' })
  created_at!: string;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  resolved_at!: string | null;
}

/** A report in the moderators' queue, with how many open reports its target has. */
export class QueuedReportView extends ReportView {
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Open reports on the same target (this one included).',
  })
  open_reports_on_target!: number;
}

export class CreatedReportView {
  @ApiProperty({ type: ReportView })
  data!: ReportView;
}

export class ReportQueueView {
  @ApiProperty({ type: [QueuedReportView] })
  data!: QueuedReportView[];

  @ApiProperty({ type: CursorMeta })
  meta!: CursorMeta;
}

export class ResolveMeta {
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: 'Reports resolved: this one and the other open ones on its target.',
  })
  resolved_reports!: number;
}

export class ResolvedReportView {
  @ApiProperty({ type: ReportView })
  data!: ReportView;

  @ApiProperty({ type: ResolveMeta })
  meta!: ResolveMeta;
}

export const ReportPresenter = {
  present: (report: Report): ReportView => ({
    id: report.id,
    reporter_id: report.reporterId,
    target_type: report.targetType,
    target_id: report.targetId,
    reason: report.reason,
    status: report.status,
    resolution: report.resolution,
    resolved_by: report.resolvedById,
    created_at: report.createdAt.toISOString(),
    resolved_at: report.resolvedAt?.toISOString() ?? null,
  }),
  queued: (report: Report, openReportsOnTarget: number): QueuedReportView => ({
    ...ReportPresenter.present(report),
    open_reports_on_target: openReportsOnTarget,
  }),
};

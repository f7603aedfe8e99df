import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, PersonOnly, Roles } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { ParseIdPipe } from '../common/http/parse-id.pipe.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';
import { ApiOk } from '../common/openapi/api-success.decorator.js';
import { ModerationError } from './moderation.errors.js';
import { ListReportsQuery } from './dto/moderation-list.query.js';
import { ResolveReportDto } from './dto/resolve-report.dto.js';
import { ReportPresenter, ReportQueueView, ResolvedReportView } from './presenters/report.presenter.js';
import { ReportsService } from './reports.service.js';

/** The moderators' queue of reports. */
@ApiTags('moderation')
@Roles('moderator')
@PersonOnly()
@Controller({ path: 'moderation/reports', version: '2' })
export class ModerationReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @ApiOperation({
    summary: 'Reports (open by default), newest first, each with the open-report count of its target',
  })
  @ApiOk(ReportQueueView)
  @ApiErrors(ModerationError, 'invalid_cursor')
  async list(@Query() query: ListReportsQuery): Promise<ReportQueueView> {
    const { items, nextCursor } = await this.reports.list(query.status, query.cursor, query.limit);
    return {
      data: items.map((item) => ReportPresenter.queued(item.report, item.openReportsOnTarget)),
      meta: { next_cursor: nextCursor, limit: query.limit },
    };
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Resolve a report: hide its target or dismiss it',
    description: 'Resolves every open report on the same target; written to the audit log.',
  })
  @ApiOk(ResolvedReportView)
  @ApiErrors(ModerationError, 'not_found', 'report_already_resolved')
  async resolve(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: ResolveReportDto,
  ): Promise<ResolvedReportView> {
    const { report, resolved } = await this.reports.resolve(actor, id, body.action, body.reason);
    return { data: ReportPresenter.present(report), meta: { resolved_reports: resolved } };
  }
}

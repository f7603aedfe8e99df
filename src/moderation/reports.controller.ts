import { Body, Controller, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';
import { ApiCreated } from '../common/openapi/api-success.decorator.js';
import { CommentsError } from '../comments/comments.errors.js';
import { PostsError } from '../posts/posts.errors.js';
import { ModerationError } from './moderation.errors.js';
import { CreateReportDto } from './dto/create-report.dto.js';
import { CreatedReportView, ReportPresenter } from './presenters/report.presenter.js';
import { ReportBudgetGuard } from './report-budget.guard.js';
import { ReportsService } from './reports.service.js';

/** Any signed-in user reports a post or comment to the moderators. */
@ApiTags('moderation')
@Controller({ path: 'reports', version: '2' })
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Post()
  @UseGuards(ReportBudgetGuard)
  @ApiOperation({
    summary: 'Report a post or comment you can see',
    description:
      'Each user may file REPORT_CREATE_LIMIT reports per REPORT_CREATE_WINDOW_SECONDS (429 beyond).',
  })
  @ApiCreated(CreatedReportView)
  @ApiErrors(PostsError, 'not_found')
  @ApiErrors(CommentsError, 'not_found')
  @ApiErrors(ModerationError, 'already_reported')
  async create(
    @CurrentUser() reporter: AuthenticatedUser,
    @Body() body: CreateReportDto,
  ): Promise<CreatedReportView> {
    const target = { type: body.target_type, id: body.target_id };
    return { data: ReportPresenter.present(await this.reports.create(reporter, target, body.reason)) };
  }
}

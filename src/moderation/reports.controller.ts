import { Body, Controller, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { CreateReportDto } from './dto/create-report.dto.js';
import { CreatedReportView, ReportPresenter } from './presenters/report.presenter.js';
import { ReportsService } from './reports.service.js';

/** Any signed-in user reports a post or comment to the moderators. */
@ApiTags('moderation')
@ApiBearerAuth()
@ApiCookieAuth()
@ApiSecurity('api-key')
@Controller({ path: 'reports', version: '2' })
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Post()
  @ApiOperation({ summary: 'Report a post or comment you can see' })
  @ApiCreatedResponse({ type: CreatedReportView })
  @ApiBadRequestResponse({ description: 'validation_failed' })
  @ApiUnauthorizedResponse({ description: 'unauthenticated' })
  @ApiNotFoundResponse({ description: 'not_found: no such content, or not visible to the caller' })
  @ApiConflictResponse({ description: 'already_reported: the caller already has an open report on it' })
  async create(
    @CurrentUser() reporter: AuthenticatedUser,
    @Body() body: CreateReportDto,
  ): Promise<CreatedReportView> {
    const target = { type: body.target_type, id: body.target_id };
    return { data: ReportPresenter.present(await this.reports.create(reporter, target, body.reason)) };
  }
}

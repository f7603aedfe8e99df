import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { CreateSearchJobDto } from './dto/create-search-job.dto.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';
import { ApiCreated, ApiOk } from '../common/openapi/api-success.decorator.js';
import { JobPresenter, JobResponse } from './job.presenter.js';
import { JobsError } from './jobs.errors.js';
import { JobsService } from './jobs.service.js';

@ApiTags('jobs')
@Controller()
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Post('search/jobs')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Search published posts in the background',
    description:
      'Answers at once with the job; poll GET /api/jobs/:id (a job_finished socket event also arrives).',
  })
  @ApiCreated(
    JobResponse,
    { get: { operation: 'JobsController_get', parameters: { id: '$response.body#/id' } } },
    202,
  )
  @ApiErrors(JobsError, 'jobs_unavailable')
  async startSearch(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateSearchJobDto,
  ): Promise<JobResponse> {
    return JobPresenter.present(await this.jobs.startSearch(user.id, body.query));
  }

  @Get('jobs/:id')
  @ApiOperation({ summary: 'A job of the caller: loading, ok (with result) or error (with a message)' })
  @ApiParam({ name: 'id', description: 'The job id (a UUID; anything else names no job: 404).' })
  @ApiOk(JobResponse)
  @ApiErrors(JobsError, 'not_found')
  async get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JobResponse> {
    reply.header('cache-control', 'private, no-cache');
    return JobPresenter.present(await this.jobs.get(user.id, id));
  }
}

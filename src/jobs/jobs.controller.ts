import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { CreateSearchJobDto } from './dto/create-search-job.dto.js';
import { JobPresenter } from './job.presenter.js';
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
  async startSearch(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateSearchJobDto) {
    return JobPresenter.present(await this.jobs.startSearch(user.id, body.query));
  }

  @Get('jobs/:id')
  @ApiOperation({ summary: 'A job of the caller: loading, ok (with result) or error (with a message)' })
  async get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    reply.header('cache-control', 'private, no-cache');
    return JobPresenter.present(await this.jobs.get(user.id, id));
  }
}

import { Injectable, Logger } from '@nestjs/common';
import type { Job } from '../generated/prisma/client.js';
import { PrismaService } from '../infra/database/prisma.service.js';
import { JobsError } from './jobs.errors.js';
import { JobRunner } from './job-runner.js';
import { SEARCH_POSTS_KIND, type SearchPostsInput } from './search-posts.job.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Accepts jobs (a row in `jobs`, then the runner) and shows each job to its owner only. */
@Injectable()
export class JobsService {
  private readonly logger = new Logger(JobsService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly runner: JobRunner,
  ) {}

  async startSearch(ownerId: number, query: string): Promise<Job> {
    const input: SearchPostsInput = { query };
    const job = await this.prisma.job.create({
      data: { ownerId, kind: SEARCH_POSTS_KIND, input: { ...input } },
    });
    try {
      await this.runner.enqueue(job.id);
    } catch (error) {
      // Not queued means never run: no job is better than one stuck in `loading`.
      await this.prisma.job
        .delete({ where: { id: job.id } })
        .catch((cleanup: unknown) => this.logger.warn({ err: cleanup, jobId: job.id }, 'job cleanup failed'));
      throw error;
    }
    return job;
  }

  async get(ownerId: number, id: string): Promise<Job> {
    const job = UUID.test(id) ? await this.prisma.job.findFirst({ where: { id, ownerId } }) : null;
    if (!job) throw new JobsError('not_found', 'Job not found.');
    return job;
  }
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { UserNotifier } from '../common/user-notifier.js';
import { Prisma } from '../generated/prisma/client.js';
import { PrismaService } from '../infra/database/prisma.service.js';
import { Metrics } from '../infra/metrics/metrics.js';
import { JOB_HANDLERS, JobFailure, type JobHandler } from './job-handler.js';

export const UNEXPECTED_JOB_ERROR = 'The job failed unexpectedly.';

/**
 * Runs one job by id and records its outcome: loading → ok (with result) | error (with a safe message), then
 * tells the owner. Safe to call twice for one job (a redelivery after a crash): only the first outcome is kept.
 */
@Injectable()
export class JobExecutor {
  private readonly logger = new Logger(JobExecutor.name);
  private readonly handlers: ReadonlyMap<string, JobHandler>;

  constructor(
    private readonly prisma: PrismaService,
    private readonly notifier: UserNotifier,
    @Inject(JOB_HANDLERS) handlers: JobHandler[],
    private readonly metrics: Metrics,
  ) {
    this.handlers = new Map(handlers.map((handler) => [handler.kind, handler]));
  }

  async run(jobId: string): Promise<void> {
    const job = await this.prisma.job.findUnique({ where: { id: jobId } });
    if (!job || job.status !== 'loading') return;

    let outcome: { status: 'ok'; result: Prisma.InputJsonValue } | { status: 'error'; error: string };
    const finished = this.metrics.jobStarted(job.kind);
    try {
      const handler = this.handlers.get(job.kind);
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      outcome = { status: 'ok', result: await handler.run(job.input) };
    } catch (error) {
      this.logger.warn({ err: error, jobId, kind: job.kind }, 'job failed');
      outcome = {
        status: 'error',
        error: error instanceof JobFailure ? error.message : UNEXPECTED_JOB_ERROR,
      };
    }
    finished(outcome.status);

    const { count } = await this.prisma.job.updateMany({
      where: { id: jobId, status: 'loading' },
      data:
        outcome.status === 'ok'
          ? { status: 'ok', result: outcome.result, finishedAt: new Date() }
          : { status: 'error', error: outcome.error, result: Prisma.DbNull, finishedAt: new Date() },
    });
    if (count === 0) return;
    await this.notifier
      .notify(job.ownerId, 'job_finished', { id: jobId, status: outcome.status })
      .catch((error: unknown) => this.logger.warn({ err: error, jobId }, 'job notification failed'));
  }
}

import { Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { PrismaService } from '../infra/database/prisma.service.js';
import { JobExecutor } from './job-executor.js';
import { JobRunner } from './job-runner.js';

const RESUMED_AT_START = 1_000;

/**
 * Runs jobs in this process, at most JOBS_CONCURRENCY at a time. The jobs table is the queue of record: jobs
 * still `loading` when the process stopped are run again at the next start (JobExecutor keeps only one
 * outcome per job, so a second run is harmless). Shutdown waits for queued and running jobs.
 */
export class InProcessJobRunner extends JobRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(InProcessJobRunner.name);
  private readonly waiting: string[] = [];
  private readonly running = new Set<Promise<void>>();
  private idle?: () => void;

  constructor(
    private readonly executor: JobExecutor,
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async enqueue(jobId: string): Promise<void> {
    this.waiting.push(jobId);
    this.pump();
  }

  async depth() {
    return { waiting: this.waiting.length, active: this.running.size, delayed: 0 };
  }

  async onApplicationBootstrap(): Promise<void> {
    const unfinished = await this.prisma.job.findMany({
      where: { status: 'loading' },
      orderBy: { createdAt: 'asc' },
      select: { id: true },
      take: RESUMED_AT_START,
    });
    for (const { id } of unfinished) this.waiting.push(id);
    this.pump();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.running.size === 0 && this.waiting.length === 0) return;
    await new Promise<void>((resolve) => (this.idle = resolve));
  }

  private pump(): void {
    while (this.running.size < this.config.jobs.concurrency && this.waiting.length > 0) {
      const jobId = this.waiting.shift()!;
      const run: Promise<void> = this.executor
        .run(jobId)
        .catch((error: unknown) => this.logger.error({ err: error, jobId }, 'job could not be recorded'))
        .finally(() => {
          this.running.delete(run);
          this.pump();
        });
      this.running.add(run);
    }
    if (this.running.size === 0 && this.waiting.length === 0) this.idle?.();
  }
}

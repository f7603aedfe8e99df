import { Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import { BullMQOtel } from 'bullmq-otel';
import { tracingStarted } from '../common/tracing/tracing-switch.js';
import type { AppConfig } from '../config/app-config.js';
import { RedisConnections } from '../infra/redis/redis-connections.js';
import { JobsError } from './jobs.errors.js';
import { JobExecutor } from './job-executor.js';
import { JobRunner } from './job-runner.js';

export const JOBS_QUEUE = 'jobs';
const ENQUEUE_TIMEOUT_MS = 3_000;

interface QueuedJob {
  jobId: string;
}

/**
 * Jobs wait in a BullMQ queue on Redis, so they outlive the instance that accepted them and any instance with
 * a worker (JOBS_WORKER_ENABLED) runs them. A job whose worker died is picked up again when its lock expires.
 * Queue keys live under REDIS_KEY_PREFIX.
 */
export class BullMqJobRunner extends JobRunner implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(BullMqJobRunner.name);
  private queue?: Queue<QueuedJob>;
  private worker?: Worker<QueuedJob>;

  constructor(
    private readonly redis: RedisConnections,
    private readonly executor: JobExecutor,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onModuleInit(): void {
    const prefix = `${this.redis.keyPrefix}bull`;
    // With tracing on, a job's spans continue the trace of the request that queued it.
    const telemetry = tracingStarted() ? new BullMQOtel({ tracerName: 'hearth-jobs' }) : undefined;
    // BullMQ requires maxRetriesPerRequest: null; its blocking calls must wait, not fail.
    this.queue = new Queue<QueuedJob>(JOBS_QUEUE, {
      prefix,
      connection: this.redis.open('jobs-queue', { maxRetriesPerRequest: null }),
      telemetry,
    });
    this.queue.on('error', (error) => this.logger.warn(`queue: ${error.message}`));
    if (!this.config.jobs.workerEnabled) return;
    this.worker = new Worker<QueuedJob>(JOBS_QUEUE, (job) => this.executor.run(job.data.jobId), {
      prefix,
      connection: this.redis.open('jobs-worker', { maxRetriesPerRequest: null }),
      concurrency: this.config.jobs.concurrency,
      telemetry,
    });
    this.worker.on('error', (error) => this.logger.warn(`worker: ${error.message}`));
    this.worker.on('failed', (job, error) =>
      this.logger.warn({ err: error, jobId: job?.data.jobId }, 'job attempt failed'),
    );
  }

  async enqueue(jobId: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const redisAway = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('Redis did not take the job in time')), ENQUEUE_TIMEOUT_MS);
    });
    try {
      const queued = this.queue!.add(
        'run',
        { jobId },
        {
          jobId,
          // Handler errors are recorded by JobExecutor; attempts only retry failures to record an outcome.
          attempts: 5,
          backoff: { type: 'exponential', delay: 1_000 },
          removeOnComplete: { count: 1_000 },
          removeOnFail: { count: 1_000 },
        },
      );
      // BullMQ waits for Redis indefinitely; the client should hear 503 instead. A late add is harmless: the
      // job row is deleted by then and JobExecutor skips ids it cannot find.
      await Promise.race([queued, redisAway]);
    } catch (error) {
      this.logger.warn({ err: error, jobId }, 'could not enqueue job');
      throw new JobsError('jobs_unavailable', 'Jobs cannot be queued right now; try again shortly.');
    } finally {
      clearTimeout(timer);
    }
  }

  async depth() {
    const counts = await this.queue!.getJobCounts('waiting', 'prioritized', 'active', 'delayed');
    return {
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
    };
  }

  // Before the Redis connections and the database close (both happen at application shutdown): the worker
  // finishes its running jobs first.
  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
  }
}

import type { JobQueueDepth } from '../infra/metrics/metrics.js';

/**
 * Where jobs wait and which process runs them: BullMQ on Redis (shared by every instance, survives restarts) or
 * in-process (single instance). The `jobs` table holds each job's kind, input and outcome; the runner carries
 * only job ids and hands them to JobExecutor.
 */
export abstract class JobRunner {
  /** Resolves once the job is queued (not when it has run). */
  abstract enqueue(jobId: string): Promise<void>;
  /** Jobs waiting, running and delayed (for retry) right now, as far as this runner can see. */
  abstract depth(): Promise<JobQueueDepth>;
}

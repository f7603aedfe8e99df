import type { Prisma } from '../generated/prisma/client.js';

/** One kind of job: turns the stored input into a JSON result, or throws. */
export interface JobHandler {
  readonly kind: string;
  run(input: Prisma.JsonValue): Promise<Prisma.InputJsonValue>;
}

/** Every registered handler (a multi-provider built in JobsModule). */
export const JOB_HANDLERS = Symbol('JOB_HANDLERS');

/**
 * A failure whose message is safe to show the job's owner. Anything else thrown by a handler is logged and
 * reported with a generic message, so stacks, SQL and internals never reach a client.
 */
export class JobFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JobFailure';
  }
}

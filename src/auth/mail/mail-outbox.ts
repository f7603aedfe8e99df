import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';

/**
 * Mail work done off the request path: a request is answered before the account lookup, the token and the
 * email happen, so neither the answer nor its timing tells anything about the account. Shutdown waits for the
 * work in flight.
 */
@Injectable()
export class MailOutbox implements OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private readonly inFlight = new Set<Promise<void>>();

  /** Runs `work` once the current request has been answered; a failure is logged as `what` failed. */
  schedule(what: string, work: () => Promise<void>): void {
    const done = new Promise<void>((resolve) => setImmediate(resolve))
      .then(work)
      .catch((error: unknown) =>
        this.logger.error(`${what} failed: ${(error as Error).message ?? String(error)}`),
      )
      .finally(() => this.inFlight.delete(done));
    this.inFlight.add(done);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }
}

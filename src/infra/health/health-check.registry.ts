import { Injectable } from '@nestjs/common';

/** A dependency that readiness depends on; the module that owns it registers it at start. */
export interface HealthCheck {
  readonly name: string;
  check(): Promise<void>;
}

export type HealthState = 'ok' | 'down';

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout(work: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Every registered check, run side by side; one that throws or takes over 2 s is down. */
@Injectable()
export class HealthCheckRegistry {
  private readonly checks: HealthCheck[] = [];

  register(check: HealthCheck): void {
    this.checks.push(check);
  }

  /** Each check's state, in the order the checks were registered. */
  async run(): Promise<[name: string, state: HealthState][]> {
    return Promise.all(
      this.checks.map(async ({ name, check }): Promise<[string, HealthState]> => {
        try {
          await withTimeout(check(), CHECK_TIMEOUT_MS);
          return [name, 'ok'];
        } catch {
          return [name, 'down'];
        }
      }),
    );
  }
}

import { Injectable } from '@nestjs/common';
import { HealthError } from './health.errors.js';
import { PrismaService } from '../infra/database/prisma.service.js';
/** A dependency that readiness depends on; modules add theirs with HealthService.register. */
export interface HealthCheck {
  readonly name: string;
  check(): Promise<void>;
}

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout(work: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

@Injectable()
export class HealthService {
  private readonly checks: HealthCheck[] = [];

  constructor(prisma: PrismaService) {
    this.register({ name: 'database', check: async () => void (await prisma.$queryRaw`SELECT 1`) });
  }

  register(check: HealthCheck): void {
    this.checks.push(check);
  }

  async checkReadiness(): Promise<{ status: 'ok'; checks: Record<string, 'ok'> }> {
    const results = await Promise.all(
      this.checks.map(async ({ name, check }) => {
        try {
          await withTimeout(check(), CHECK_TIMEOUT_MS);
          return [name, 'ok'] as const;
        } catch {
          return [name, 'down'] as const;
        }
      }),
    );
    const down = results.filter(([, state]) => state === 'down').map(([name]) => name);
    if (down.length > 0) {
      throw new HealthError('not_ready', `Not ready: ${down.join(', ')} unavailable.`);
    }
    return { status: 'ok', checks: Object.fromEntries(results) as Record<string, 'ok'> };
  }
}

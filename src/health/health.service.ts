import { Injectable } from '@nestjs/common';
import { HealthCheckRegistry } from '../infra/health/health-check.registry.js';
import { HealthError } from './health.errors.js';

/** Readiness as the API reports it: every registered check answers, or 503 `not_ready` naming those that did not. */
@Injectable()
export class HealthService {
  constructor(private readonly checks: HealthCheckRegistry) {}

  async checkReadiness(): Promise<{ status: 'ok'; checks: Record<string, 'ok'> }> {
    const results = await this.checks.run();
    const down = results.filter(([, state]) => state === 'down').map(([name]) => name);
    if (down.length > 0) {
      throw new HealthError('not_ready', `Not ready: ${down.join(', ')} unavailable.`);
    }
    return { status: 'ok', checks: Object.fromEntries(results) as Record<string, 'ok'> };
  }
}

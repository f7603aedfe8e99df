// Owns the shared Redis connections (when REDIS_URL is set), their readiness check and their metrics.
import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { HealthCheckModule } from '../health/health-check.module.js';
import { HealthCheckRegistry } from '../health/health-check.registry.js';
import { Metrics } from '../metrics/metrics.js';
import { RedisConnections } from './redis-connections.js';

@Global()
@Module({ imports: [HealthCheckModule], providers: [RedisConnections], exports: [RedisConnections] })
export class RedisModule implements OnModuleInit {
  constructor(
    private readonly redis: RedisConnections,
    private readonly checks: HealthCheckRegistry,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    if (!this.redis.enabled) return;
    this.checks.register({ name: 'redis', check: async () => void (await this.redis.client.ping()) });
    this.metrics.observeRedis(() => this.redis.stats());
  }
}

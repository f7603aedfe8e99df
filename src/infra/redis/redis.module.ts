import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { HealthService } from '../../health/health.service.js';
import { Metrics } from '../metrics/metrics.js';
import { RedisConnections } from './redis-connections.js';

@Global()
@Module({ providers: [RedisConnections], exports: [RedisConnections] })
export class RedisModule implements OnModuleInit {
  constructor(
    private readonly redis: RedisConnections,
    private readonly health: HealthService,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    if (!this.redis.enabled) return;
    this.health.register({ name: 'redis', check: async () => void (await this.redis.client.ping()) });
    this.metrics.observeRedis(() => this.redis.stats());
  }
}

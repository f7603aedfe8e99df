// Owns the application's database client, its readiness check and its metrics (pool, query errors).
import { Global, Module } from '@nestjs/common';
import { HealthCheckModule } from '../health/health-check.module.js';
import { HealthCheckRegistry } from '../health/health-check.registry.js';
import { Metrics } from '../metrics/metrics.js';
import { PrismaService } from './prisma.service.js';

@Global()
@Module({ imports: [HealthCheckModule], providers: [PrismaService], exports: [PrismaService] })
export class DatabaseModule {
  // In the constructor, not onModuleInit: the database is the first check readiness lists, as it always was.
  constructor(prisma: PrismaService, checks: HealthCheckRegistry, metrics: Metrics) {
    checks.register({ name: 'database', check: async () => void (await prisma.$queryRaw`SELECT 1`) });
    metrics.observeDatabase(() => prisma.stats());
  }
}

// Owns the application's database client and its readiness check.
import { Global, Module } from '@nestjs/common';
import { HealthCheckModule } from '../health/health-check.module.js';
import { HealthCheckRegistry } from '../health/health-check.registry.js';
import { PrismaService } from './prisma.service.js';

@Global()
@Module({ imports: [HealthCheckModule], providers: [PrismaService], exports: [PrismaService] })
export class DatabaseModule {
  // In the constructor, not onModuleInit: the database is the first check readiness lists, as it always was.
  constructor(prisma: PrismaService, checks: HealthCheckRegistry) {
    checks.register({ name: 'database', check: async () => void (await prisma.$queryRaw`SELECT 1`) });
  }
}

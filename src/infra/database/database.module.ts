import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { Metrics } from '../metrics/metrics.js';
import { PrismaService } from './prisma.service.js';

@Global()
@Module({ providers: [PrismaService], exports: [PrismaService] })
export class DatabaseModule implements OnModuleInit {
  constructor(
    private readonly prisma: PrismaService,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    this.metrics.observeDatabase(() => this.prisma.stats());
  }
}

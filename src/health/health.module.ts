// Owns GET /health (liveness) and GET /health/ready (readiness over the registered checks).
import { Module } from '@nestjs/common';
import { HealthCheckModule } from '../infra/health/health-check.module.js';
import { HealthController } from './health.controller.js';
import { HealthService } from './health.service.js';

@Module({ imports: [HealthCheckModule], controllers: [HealthController], providers: [HealthService] })
export class HealthModule {}

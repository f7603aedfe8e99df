// Owns the registry of readiness checks; the database, Redis and storage modules register theirs.
import { Module } from '@nestjs/common';
import { HealthCheckRegistry } from './health-check.registry.js';

@Module({ providers: [HealthCheckRegistry], exports: [HealthCheckRegistry] })
export class HealthCheckModule {}

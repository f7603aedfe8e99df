import { Module } from '@nestjs/common';
import { HealthCheckRegistry } from './health-check.registry.js';

// Owns the registry of readiness checks; the database, Redis and storage modules register theirs in it.
@Module({ providers: [HealthCheckRegistry], exports: [HealthCheckRegistry] })
export class HealthCheckModule {}

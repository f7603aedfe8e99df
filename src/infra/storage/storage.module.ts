// Owns the ObjectStorage port, the choice of its adapter, and its readiness check.
import { Module, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { HealthCheckModule } from '../health/health-check.module.js';
import { HealthCheckRegistry } from '../health/health-check.registry.js';
import { LocalDiskStorage } from './local-disk.storage.js';
import { ObjectStorage } from './object-storage.js';
import { S3Storage } from './s3.storage.js';

/** The one place that picks the storage adapter: S3 when configured, local disk otherwise. */
export function createObjectStorage(config: AppConfig): ObjectStorage {
  const { storage } = config;
  if (storage.driver === 's3' && storage.s3) return new S3Storage(storage.s3, storage.downloadUrlTtlSeconds);
  return new LocalDiskStorage({
    directory: storage.local.directory,
    signingSecret: storage.local.signingSecret,
    publicUrl: config.http.publicUrl,
    downloadUrlTtlSeconds: storage.downloadUrlTtlSeconds,
  });
}

@Module({
  imports: [HealthCheckModule],
  providers: [{ provide: ObjectStorage, useFactory: createObjectStorage, inject: [APP_CONFIG] }],
  exports: [ObjectStorage],
})
export class StorageModule implements OnModuleInit {
  constructor(
    private readonly storage: ObjectStorage,
    private readonly checks: HealthCheckRegistry,
  ) {}

  onModuleInit(): void {
    this.checks.register({ name: 'storage', check: () => this.storage.check() });
  }
}

import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { MetricsServer } from './metrics-server.js';
import { Metrics } from './metrics.js';

// Owns the Prometheus registry (Metrics, injectable everywhere) and the METRICS_PORT listener. Whatever is measured
// records through Metrics, features and infrastructure alike; nothing here knows a feature.
@Global()
@Module({
  providers: [
    {
      provide: Metrics,
      useFactory: (config: AppConfig) => new Metrics(config.metrics.enabled),
      inject: [APP_CONFIG],
    },
    MetricsServer,
  ],
  exports: [Metrics, MetricsServer],
})
export class MetricsModule {}

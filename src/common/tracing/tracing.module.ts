import {
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { shutdownTracing, tracingStarted } from './tracing-switch.js';

/** Says when tracing was asked for but not started, and exports the last spans before the process exits. */
@Injectable()
export class TracingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Tracing');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onApplicationBootstrap(): void {
    const { endpoint } = this.config.tracing;
    if (!endpoint) return;
    if (tracingStarted()) this.logger.log(`traces go to ${endpoint} (OTLP/HTTP)`);
    else {
      this.logger.warn(
        'OTEL_EXPORTER_OTLP_ENDPOINT is set but tracing is off: start with `node --import ./dist/instrumentation.js dist/main.js` (npm start does).',
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await shutdownTracing().catch((error: unknown) =>
      this.logger.warn(`spans could not be exported at shutdown: ${(error as Error).message}`),
    );
  }
}

// Tracing itself starts before the application (src/instrumentation.ts); this only ties it to the app's lifecycle.
@Module({ providers: [TracingLifecycle] })
export class TracingModule {}

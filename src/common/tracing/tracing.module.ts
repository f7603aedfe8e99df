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

const MAX_FLUSH_MS = 2_000;

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

  // A collector that does not answer must not hold the exit past SHUTDOWN_TIMEOUT_MS: the last spans get a share of it.
  async onApplicationShutdown(): Promise<void> {
    const budgetMs = Math.min(MAX_FLUSH_MS, this.config.http.shutdownTimeoutMs / 4);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${budgetMs} ms`)), budgetMs);
    });
    await Promise.race([shutdownTracing(), late])
      .catch((error: unknown) =>
        this.logger.warn(`spans could not be exported at shutdown: ${(error as Error).message}`),
      )
      .finally(() => clearTimeout(timer));
  }
}

// Tracing itself starts before the application (src/instrumentation.ts); this only ties it to the app's lifecycle.
@Module({ providers: [TracingLifecycle] })
export class TracingModule {}

// The OpenTelemetry SDK and its instrumentations, loaded by the preload (src/instrumentation.ts) only when tracing is
// configured. Spans leave over OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT; the standard OTEL_* variables apply.
import { FastifyOtelInstrumentation } from '@fastify/otel';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { SocketIoInstrumentation } from '@opentelemetry/instrumentation-socket.io';
import { NodeSDK, tracing } from '@opentelemetry/sdk-node';
import { PrismaInstrumentation } from '@prisma/instrumentation';
import { createAddHookMessageChannel } from 'import-in-the-middle';
import type { IncomingMessage } from 'node:http';
import { register } from 'node:module';
import { markTracingStarted } from './tracing-switch.js';

/** Without OTEL_TRACES_SAMPLER: keep the caller's decision, else sample this share of new traces (docs/operations.md). */
export const DEFAULT_SAMPLE_RATIO = 0.1;

// Probes and scrapes would be most of the traces and say nothing.
const UNTRACED_PATHS = /^\/(health|metrics)(\/|\?|$)/;

function sampler(env: NodeJS.ProcessEnv): tracing.Sampler | undefined {
  if (env.OTEL_TRACES_SAMPLER) return undefined; // the SDK builds the one asked for
  const ratio = Number(env.OTEL_TRACES_SAMPLER_ARG ?? DEFAULT_SAMPLE_RATIO);
  const root = new tracing.TraceIdRatioBasedSampler(
    Number.isFinite(ratio) && ratio >= 0 && ratio <= 1 ? ratio : DEFAULT_SAMPLE_RATIO,
  );
  return new tracing.ParentBasedSampler({ root });
}

function instrumentations() {
  return [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (request: IncomingMessage) => UNTRACED_PATHS.test(request.url ?? ''),
    }),
    // Fastify 5: a span per request (named by route) and one for the handler; hook spans would triple the count.
    new FastifyOtelInstrumentation({
      registerOnInitialization: true,
      instrumentHooks: false,
      ignorePaths: (route: { url: string }) => UNTRACED_PATHS.test(route.url),
    }),
    new PrismaInstrumentation(),
    new PgInstrumentation({ requireParentSpan: true }),
    new IORedisInstrumentation({ requireParentSpan: true }),
    new SocketIoInstrumentation(),
  ];
}

export async function startTracing(env: NodeJS.ProcessEnv): Promise<void> {
  // Hearth's metrics are Prometheus and its logs go to stdout: only traces leave over OTLP unless asked otherwise.
  env.OTEL_METRICS_EXPORTER ??= 'none';
  env.OTEL_LOGS_EXPORTER ??= 'none';
  // ESM: only the modules an instrumentation asked for are wrapped by import-in-the-middle's loader hook.
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME?.trim() || 'hearth',
    sampler: sampler(env),
    instrumentations: instrumentations(),
  });
  sdk.start();
  await waitForAllMessagesAcknowledged();
  markTracingStarted({ shutdown: () => sdk.shutdown() });
}

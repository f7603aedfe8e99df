// Preloaded with `node --import ./dist/instrumentation.js dist/main.js`: starts OpenTelemetry tracing before any
// application module loads, which the ESM loader hooks need. Without OTEL_EXPORTER_OTLP_ENDPOINT this file imports
// nothing else, so tracing that is off costs nothing, not even loading the SDK.
import './load-env-file.js';
import { tracingRequested } from './common/tracing/tracing-switch.js';

if (tracingRequested(process.env)) {
  const { startTracing } = await import('./common/tracing/open-telemetry.sdk.js');
  await startTracing(process.env);
}

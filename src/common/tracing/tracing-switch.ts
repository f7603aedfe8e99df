// Whether this process traces: decided once by the preloaded instrumentation, read by the application. Imports no
// OpenTelemetry package, so a process without tracing never loads one.

interface TracingHandle {
  /** Exports the spans still buffered, then stops tracing. */
  shutdown(): Promise<void>;
}

// On globalThis: the preload and the application may load this file through different module graphs.
const HANDLE = Symbol.for('hearth.tracing');
type TracingGlobal = typeof globalThis & { [HANDLE]?: TracingHandle };

/** Tracing is asked for when an OTLP endpoint is configured and the SDK is not disabled. */
export function tracingRequested(env: NodeJS.ProcessEnv): boolean {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  return Boolean(endpoint?.trim()) && env.OTEL_SDK_DISABLED !== 'true';
}

export function markTracingStarted(handle: TracingHandle): void {
  (globalThis as TracingGlobal)[HANDLE] = handle;
}

export function tracingStarted(): boolean {
  return (globalThis as TracingGlobal)[HANDLE] !== undefined;
}

export async function shutdownTracing(): Promise<void> {
  const handle = (globalThis as TracingGlobal)[HANDLE];
  (globalThis as TracingGlobal)[HANDLE] = undefined;
  await handle?.shutdown();
}

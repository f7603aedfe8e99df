// What application code needs from tracing: the active trace for log records, and a span around a step the
// instrumentations cannot see. Through the OpenTelemetry API only; with tracing off each is a plain call.
import { type Attributes, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { tracingStarted } from './tracing-switch.js';

const tracer = trace.getTracer('hearth');

export interface TraceFields {
  trace_id?: string;
  span_id?: string;
}

/**
 * The active span's ids, for log records (pino's mixin); empty outside a span. Always a new object: pino merges the
 * record's own fields into it (a frozen shared one made every `log.info({ ... })` outside a span throw).
 */
export function activeTraceFields(): TraceFields {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

/**
 * Runs `work` in a span of its own, a child of the active one. `kind` says what the step is to a trace viewer:
 * PRODUCER for a message handed to a bus or queue, INTERNAL otherwise.
 */
export function inSpan<T>(
  name: string,
  work: () => Promise<T>,
  options: { kind?: SpanKind; attributes?: Attributes } = {},
): Promise<T> {
  if (!tracingStarted()) return work();
  return tracer.startActiveSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes },
    (span) =>
      work().then(
        (result) => {
          span.end();
          return result;
        },
        (error: unknown) => {
          span.recordException(error as Error);
          span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
          throw error;
        },
      ),
  );
}

export { SpanKind };

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';

/**
 * An OpenTelemetry collector at the edge of the test world: it receives OTLP/HTTP trace exports
 * (`POST /v1/traces`, protobuf as the SDK sends by default, or JSON) and keeps the spans. The protobuf reader
 * follows opentelemetry-proto's trace.proto field numbers; fields the tests do not read are skipped.
 */

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  name: string;
  /** 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  scope: string;
  attributes: Record<string, string | number | boolean>;
}

export const SPAN_KIND = { INTERNAL: 1, SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 } as const;

// --- protobuf wire format: varints, length-delimited fields, fixed 32/64 ---

interface Field {
  number: number;
  /** Varint value, or the bytes of a length-delimited field; fixed-width fields are skipped. */
  value: bigint | Buffer;
}

function* fields(buffer: Buffer): Generator<Field> {
  let offset = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const byte = buffer[offset++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
    }
  };
  while (offset < buffer.length) {
    const key = Number(varint());
    const number = key >>> 3;
    switch (key & 7) {
      case 0:
        yield { number, value: varint() };
        break;
      case 1:
        offset += 8;
        break;
      case 2: {
        const length = Number(varint());
        yield { number, value: buffer.subarray(offset, offset + length) };
        offset += length;
        break;
      }
      case 5:
        offset += 4;
        break;
      default:
        throw new Error(`unsupported protobuf wire type ${key & 7}`);
    }
  }
}

const bytes = (field: Field) => field.value as Buffer;

function anyValue(buffer: Buffer): string | number | boolean {
  for (const field of fields(buffer)) {
    if (field.number === 1) return bytes(field).toString('utf8');
    if (field.number === 2) return field.value === 1n;
    if (field.number === 3) return Number(field.value as bigint);
  }
  return '';
}

function keyValue(buffer: Buffer): [string, string | number | boolean] {
  let key = '';
  let value: string | number | boolean = '';
  for (const field of fields(buffer)) {
    if (field.number === 1) key = bytes(field).toString('utf8');
    if (field.number === 2) value = anyValue(bytes(field));
  }
  return [key, value];
}

function protobufSpan(buffer: Buffer, scope: string): ReceivedSpan {
  const span: ReceivedSpan = {
    traceId: '',
    spanId: '',
    parentSpanId: '',
    name: '',
    kind: 0,
    scope,
    attributes: {},
  };
  for (const field of fields(buffer)) {
    if (field.number === 1) span.traceId = bytes(field).toString('hex');
    else if (field.number === 2) span.spanId = bytes(field).toString('hex');
    else if (field.number === 4) span.parentSpanId = bytes(field).toString('hex');
    else if (field.number === 5) span.name = bytes(field).toString('utf8');
    else if (field.number === 6) span.kind = Number(field.value as bigint);
    else if (field.number === 9) {
      const [key, value] = keyValue(bytes(field));
      span.attributes[key] = value;
    }
  }
  return span;
}

/** ExportTraceServiceRequest → ResourceSpans (1) → ScopeSpans (2) → scope (1: name 1) and spans (2). */
function decodeProtobuf(body: Buffer): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const resourceSpans of fields(body)) {
    if (resourceSpans.number !== 1) continue;
    for (const scopeSpans of fields(bytes(resourceSpans))) {
      if (scopeSpans.number !== 2) continue;
      const parts = [...fields(bytes(scopeSpans))];
      const scopeField = parts.find((part) => part.number === 1);
      const scope = scopeField
        ? ([...fields(bytes(scopeField))].find((part) => part.number === 1)?.value.toString() ?? '')
        : '';
      for (const part of parts) if (part.number === 2) spans.push(protobufSpan(bytes(part), scope));
    }
  }
  return spans;
}

interface JsonSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: Record<string, unknown> }[];
}

function decodeJson(body: Buffer): ReceivedSpan[] {
  const request = JSON.parse(body.toString('utf8')) as {
    resourceSpans?: { scopeSpans?: { scope?: { name?: string }; spans?: JsonSpan[] }[] }[];
  };
  return (request.resourceSpans ?? []).flatMap((resource) =>
    (resource.scopeSpans ?? []).flatMap((scopeSpans) =>
      (scopeSpans.spans ?? []).map((span) => ({
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId ?? '',
        name: span.name,
        kind: span.kind,
        scope: scopeSpans.scope?.name ?? '',
        attributes: Object.fromEntries(
          (span.attributes ?? []).map(({ key, value }) => [key, Object.values(value)[0] as string]),
        ),
      })),
    ),
  );
}

export interface FakeOtlpCollector {
  /** The base URL to set as OTEL_EXPORTER_OTLP_ENDPOINT. */
  url: string;
  spans: ReceivedSpan[];
  /** The content types of the exports received (the protocol the SDK spoke). */
  contentTypes: Set<string>;
  /** Resolves with the received spans once `done(spans)` holds; rejects after `timeoutMs`. */
  waitFor(done: (spans: ReceivedSpan[]) => boolean, timeoutMs?: number): Promise<ReceivedSpan[]>;
  close(): Promise<void>;
}

export async function startFakeOtlpCollector(): Promise<FakeOtlpCollector> {
  const spans: ReceivedSpan[] = [];
  const contentTypes = new Set<string>();
  const waiters = new Set<() => void>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let body = Buffer.concat(chunks);
      if (request.headers['content-encoding'] === 'gzip') body = zlib.gunzipSync(body);
      const type = request.headers['content-type'] ?? '';
      if (request.method !== 'POST' || request.url !== '/v1/traces') {
        response.writeHead(404).end();
        return;
      }
      contentTypes.add(type);
      spans.push(...(type.startsWith('application/json') ? decodeJson(body) : decodeProtobuf(body)));
      response.writeHead(200, { 'content-type': type }).end(type.startsWith('application/json') ? '{}' : '');
      waiters.forEach((wake) => wake());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    contentTypes,
    waitFor(done, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!done(spans)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(spans);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`the collector did not receive the expected spans within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

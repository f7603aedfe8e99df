import http from 'node:http';
import zlib from 'node:zlib';
import { committedContract } from './openapi-contract.js';

export interface HttpResponse<T = any> {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Bytes as they came over the wire (still compressed, if they were). */
  raw: Buffer;
  text: string;
  body: T;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  body?: unknown;
  /** Send this string as the body verbatim (for malformed-JSON tests). */
  rawBody?: string | Buffer;
  /**
   * false: do not check this response against openapi.json. Only for requests that are not API calls (a test of
   * the transport itself); every other response is checked, and one that breaks the document fails the test.
   */
  contract?: false;
}

function decode(raw: Buffer, encoding: string | undefined): Buffer {
  if (encoding === 'gzip') return zlib.gunzipSync(raw);
  if (encoding === 'br') return zlib.brotliDecompressSync(raw);
  if (encoding === 'deflate') return zlib.inflateSync(raw);
  return raw;
}

/**
 * A plain node:http client, so tests see exactly what went over the wire (no transparent decompression,
 * unlike fetch). `as(headers)` returns a client that sends those headers on every request. Every response is
 * checked against the committed OpenAPI document (openapi-contract.ts): a status or body it does not describe
 * rejects the request, failing the test that made it.
 */
export class HttpClient {
  constructor(
    readonly baseUrl: string,
    private readonly defaultHeaders: Record<string, string> = {},
  ) {}

  as(headers: Record<string, string>): HttpClient {
    return new HttpClient(this.baseUrl, { ...this.defaultHeaders, ...headers });
  }

  get<T = any>(path: string, options?: RequestOptions) {
    return this.request<T>('GET', path, options);
  }
  post<T = any>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('POST', path, { ...options, body });
  }
  patch<T = any>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('PATCH', path, { ...options, body });
  }
  put<T = any>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('PUT', path, { ...options, body });
  }
  delete<T = any>(path: string, options?: RequestOptions) {
    return this.request<T>('DELETE', path, options);
  }

  request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = { ...this.defaultHeaders, ...options.headers };
    let payload: Buffer | undefined;
    if (options.rawBody !== undefined) {
      payload = Buffer.isBuffer(options.rawBody) ? options.rawBody : Buffer.from(options.rawBody);
      headers['content-type'] ??= 'application/json';
    } else if (options.body !== undefined) {
      payload = Buffer.from(JSON.stringify(options.body));
      headers['content-type'] ??= 'application/json';
    }
    if (payload) headers['content-length'] = String(payload.length);
    const url = new URL(path, this.baseUrl);
    return new Promise((resolve, reject) => {
      const request = http.request(url, { method, headers, agent: false }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const raw = Buffer.concat(chunks);
          const text = decode(raw, response.headers['content-encoding']).toString('utf8');
          let body: unknown = text;
          if ((response.headers['content-type'] ?? '').includes('json') && text !== '') {
            try {
              body = JSON.parse(text);
            } catch {
              body = text;
            }
          }
          const result = {
            status: response.statusCode ?? 0,
            headers: response.headers,
            raw,
            text,
            body: body as T,
          };
          try {
            const violation =
              options.contract === false
                ? undefined
                : committedContract().violationOf({ method, url, requestHeaders: headers, ...result });
            if (violation) reject(new Error(`The response breaks openapi.json: ${violation}`));
            else resolve(result);
          } catch (error) {
            reject(error as Error);
          }
        });
      });
      request.on('error', reject);
      if (payload) request.write(payload);
      request.end();
    });
  }
}

import http from 'node:http';
import { authHeadersFor } from '../support/auth.js';
import { buildPost, buildProduct, buildUser } from '../support/factories.js';
import type { HttpResponse } from '../support/http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { fingerprint, fingerprintQuery } from './support/database-fingerprint.js';
import { type ApiRoute, describeRoute, type OpenApiDocument, routesOf } from './support/openapi-routes.js';
import { assertErrorContract } from './support/response-contract.js';

/**
 * BODY_LIMIT_BYTES holds on every route that takes a body, whoever asks: one byte over is a 413 in the JSON error
 * shape, with or without a Content-Length, before authentication or validation spends anything on it, and
 * nothing is stored.
 */

/** A JSON object of exactly `size` bytes. */
function jsonOfSize(size: number): Buffer {
  const envelope = '{"title":"t","body":""}';
  return Buffer.from(`{"title":"t","body":"${'x'.repeat(size - envelope.length)}"}`);
}

/**
 * Streams `body` with Transfer-Encoding: chunked (no Content-Length to refuse up front), so the server has to
 * count. The server may answer and close before the last chunk: the answer counts, the broken pipe does not.
 */
function sendChunked(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer,
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      new URL(path, baseUrl),
      { method, headers: { 'content-type': 'application/json', ...headers }, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const raw = Buffer.concat(chunks);
          const text = raw.toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON: the contract check reports it
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, raw, text, body: parsed });
        });
        response.on('error', reject);
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    const chunkSize = 64 * 1024;
    for (let offset = 0; offset < body.length; offset += chunkSize) {
      request.write(body.subarray(offset, offset + chunkSize));
    }
    request.end();
  });
}

describe('The body size limit', () => {
  let t: TestApp;
  let limit: number;
  let bodyRoutes: ApiRoute[];
  let signedIn: Record<string, string>;
  let pathFor: (route: ApiRoute) => string;
  let snapshotQuery: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_USER: '100000000', RATE_LIMIT_ANONYMOUS: '100000000' } });
    limit = t.config.http.bodyLimitBytes;
    const user = await buildUser(t.prisma);
    const post = await buildPost(t.prisma, { authorId: user.id });
    const product = await buildProduct(t.prisma);
    signedIn = await authHeadersFor(t, user);
    const ids: Record<string, string> = {
      id: String(post.id),
      product_id: String(product.id),
      userId: String(user.id),
      topic: 'private%3Aabc',
    };
    pathFor = (route) => route.template.replace(/\{(\w+)\}/g, (_match, name: string) => ids[name] ?? '1');
    const document = (await t.http.get<OpenApiDocument>('/api/docs-json')).body;
    // Every route a body can be sent to, documented body or not (Fastify parses JSON for all of them).
    bodyRoutes = routesOf(document).filter((route) =>
      ['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method),
    );
    snapshotQuery = await fingerprintQuery(t.prisma);
  });
  afterAll(() => t.close());

  it('covers the routes that take bodies, JSON and upload routes included', () => {
    const described = bodyRoutes.map(describeRoute);
    expect(described).toEqual(
      expect.arrayContaining([
        'POST /api/v1/posts',
        'PATCH /api/v2/posts/{id}',
        'POST /api/auth/register',
        'POST /api/uploads',
        'POST /api/uploads/presign',
        'POST /api/uploads/{id}/complete',
        'PUT /api/topics/{topic}/members/{userId}',
        'POST /api/orders',
      ]),
    );
  });

  it('one byte over BODY_LIMIT_BYTES → 413 payload_too_large on every body route, anonymous or signed in', async () => {
    const before = await fingerprint(t.prisma, snapshotQuery);
    const failures: string[] = [];
    const body = jsonOfSize(limit + 1);
    for (const route of bodyRoutes) {
      for (const [who, headers] of [
        ['anonymous', {}],
        ['signed in', signedIn],
      ] as const) {
        const what = `${describeRoute(route)} as ${who} with ${body.length} bytes`;
        const response = await t.http.request(route.method, pathFor(route), { headers, rawBody: body });
        try {
          if (response.status !== 413) throw new Error(`${what}\n  → ${response.status}, not 413`);
          assertErrorContract(what, response);
          expect(response.body.error.code).toBe('payload_too_large');
          expect(response.headers['x-request-id']).toEqual(expect.any(String));
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(await fingerprint(t.prisma, snapshotQuery)).toEqual(before);
  });

  it.each([
    ['POST', '/api/v1/posts'],
    ['PATCH', '/api/v2/posts/{id}'],
    ['POST', '/api/uploads/presign'],
    ['POST', '/api/uploads'],
    ['PUT', '/api/topics/{topic}/members/{userId}'],
  ])('%s %s counts a chunked body without Content-Length: over the limit → 413', async (method, template) => {
    const route = bodyRoutes.find(
      (candidate) => candidate.method === method && candidate.template === template,
    );
    expect(route).toBeDefined();
    const before = await fingerprint(t.prisma, snapshotQuery);

    const response = await sendChunked(
      t.baseUrl,
      method,
      pathFor(route!),
      signedIn,
      jsonOfSize(limit + 4_096),
    );

    expect(response.status).toBe(413);
    assertErrorContract(`${method} ${template} chunked`, response);
    expect(response.body.error.code).toBe('payload_too_large');
    expect(await fingerprint(t.prisma, snapshotQuery)).toEqual(before);
  });

  it('a body of exactly BODY_LIMIT_BYTES is read and judged on its content (400 for an over-long post body)', async () => {
    const response = await t.http.post('/api/v1/posts', undefined, {
      headers: signedIn,
      rawBody: jsonOfSize(limit),
    });

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.details).toEqual([{ field: 'body', message: expect.any(String) }]);
  });
});

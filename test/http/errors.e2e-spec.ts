import { authHeadersFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import type { HttpClient } from '../support/http.js';

function expectJsonError(
  response: { status: number; headers: any; body: any },
  status: number,
  code: string,
) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.body).toEqual({
    error: expect.objectContaining({ code, message: expect.any(String) }),
  });
}

describe('Errors are JSON with the right status', () => {
  let t: TestApp;
  let client: HttpClient;

  beforeAll(async () => {
    t = await startTestApp();
    client = t.http.as(await authHeadersFor(t, await buildUser(t.prisma)));
  });
  afterAll(() => t.close());

  it.each(['/api/nope', '/nope', '/api/v3/posts', '/api/v1/posts/1/comments/xyz'])(
    'an unknown route %s → 404 JSON',
    async (path) => {
      expectJsonError(await t.http.get(path), 404, 'not_found');
    },
  );

  it('an unsupported method on a known path → 404 JSON', async () => {
    expectJsonError(await client.put('/api/v1/posts/1', { title: 'x' }), 404, 'not_found');
  });

  it('malformed JSON → 400 malformed_body', async () => {
    const response = await client.post('/api/v1/posts', undefined, { rawBody: '{"title": "unterminated' });

    expectJsonError(response, 400, 'malformed_body');
  });

  it('an empty body declared as JSON → 400 malformed_body', async () => {
    const response = await client.post('/api/v1/posts', undefined, {
      headers: { 'content-type': 'application/json' },
      rawBody: '',
    });

    expectJsonError(response, 400, 'malformed_body');
  });

  it.each(['text/plain', 'application/xml', 'text/csv'])(
    'a %s body → 415 unsupported_media_type',
    async (contentType) => {
      const response = await client.post('/api/v1/posts', undefined, {
        headers: { 'content-type': contentType },
        rawBody: 'title=Hello&body=World',
      });

      expectJsonError(response, 415, 'unsupported_media_type');
    },
  );

  it('a body over the size limit → 413 payload_too_large', async () => {
    const response = await client.post('/api/v1/posts', {
      title: 'big',
      body: 'x'.repeat(t.config.http.bodyLimitBytes + 1),
    });

    expectJsonError(response, 413, 'payload_too_large');
  });

  it.each([
    ['a JSON array', '[1, 2]'],
    ['a JSON string', '"just a string"'],
    ['JSON null', 'null'],
    ['a number', '42'],
    ['a prototype-pollution attempt', '{"title":"t","body":"b","__proto__":{"admin":true}}'],
  ])('%s as the body → 400 JSON, never 500', async (_label, rawBody) => {
    const response = await client.post('/api/v1/posts', undefined, { rawBody });

    expect(response.status).toBe(400);
    expect(response.body.error.code).toEqual(expect.any(String));
  });

  it('a validation error lists every bad field with a message', async () => {
    const response = await client.post('/api/v2/posts', { title: 1, surprise: true });

    expectJsonError(response, 400, 'validation_failed');
    const fields = response.body.error.details.map((detail: { field: string }) => detail.field);
    expect(new Set(fields)).toEqual(new Set(['title', 'body', 'surprise']));
  });

  it('unauthenticated writes → 401 JSON', async () => {
    expectJsonError(await t.http.post('/api/v1/posts', { title: 't', body: 'b' }), 401, 'unauthenticated');
  });
});

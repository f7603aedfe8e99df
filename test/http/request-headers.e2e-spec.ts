import { startTestApp, type TestApp } from '../support/test-app.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('Headers on every response', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('X-Request-Id', () => {
    it('echoes the id the client sent', async () => {
      const response = await t.http.get('/api/v1/posts', { headers: { 'x-request-id': 'client-trace-42' } });

      expect(response.headers['x-request-id']).toBe('client-trace-42');
    });

    it('generates a fresh id when the client sent none', async () => {
      const first = await t.http.get('/api/v1/posts');
      const second = await t.http.get('/api/v1/posts');

      expect(first.headers['x-request-id']).toMatch(UUID);
      expect(second.headers['x-request-id']).toMatch(UUID);
      expect(first.headers['x-request-id']).not.toBe(second.headers['x-request-id']);
    });

    it('replaces an id that could inject into logs or headers', async () => {
      const response = await t.http.get('/api/v1/posts', {
        headers: { 'x-request-id': `spaces and "quotes" ${'x'.repeat(200)}` },
      });

      expect(response.headers['x-request-id']).toMatch(UUID);
    });

    it('is present on errors and on 304s', async () => {
      const notFound = await t.http.get('/api/nope', { headers: { 'x-request-id': 'err-1' } });
      const first = await t.http.get('/api/v1/posts');
      const notModified = await t.http.get('/api/v1/posts', {
        headers: { 'if-none-match': first.headers.etag as string, 'x-request-id': 'nm-1' },
      });

      expect(notFound.headers['x-request-id']).toBe('err-1');
      expect(notModified.status).toBe(304);
      expect(notModified.headers['x-request-id']).toBe('nm-1');
    });
  });

  it('carries helmet security headers on API answers and on errors', async () => {
    for (const response of [await t.http.get('/api/v1/posts'), await t.http.get('/api/nope')]) {
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(response.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(response.headers['x-powered-by']).toBeUndefined();
      // HSTS only in production (test/security/production-startup): a development server is plain HTTP.
      expect(response.headers['strict-transport-security']).toBeUndefined();
    }
  });
});

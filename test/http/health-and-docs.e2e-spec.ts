import { HealthCheckRegistry } from '../../src/infra/health/health-check.registry.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('Health checks and API docs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('GET /health answers 200 while the process is alive, never cached', async () => {
    const response = await t.http.get('/health');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers.etag).toBeUndefined();
  });

  it('GET /health/ready answers 200 when the database answers', async () => {
    const response = await t.http.get('/health/ready');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', checks: expect.objectContaining({ database: 'ok' }) });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('GET /health/ready answers 503 naming the dependency that is down', async () => {
    const other = await startTestApp();
    try {
      other.app.get(HealthCheckRegistry).register({
        name: 'imaginary_queue',
        check: async () => {
          throw new Error('down');
        },
      });

      const ready = await other.http.get('/health/ready');
      const live = await other.http.get('/health');

      expect(ready.status).toBe(503);
      expect(ready.body.error).toEqual({
        code: 'not_ready',
        message: expect.stringContaining('imaginary_queue'),
      });
      expect(live.status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('GET /api/docs-json is an OpenAPI document listing the posts paths', async () => {
    const response = await t.http.get('/api/docs-json');

    expect(response.status).toBe(200);
    expect(response.body.openapi).toMatch(/^3\./);
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/posts',
        '/api/v1/posts/{id}',
        '/api/v2/posts',
        '/api/v2/posts/{id}',
        '/api/v1/posts/{id}/like',
        '/api/v2/posts/{id}/like',
        '/health',
        '/health/ready',
      ]),
    );
    expect(Object.keys(response.body.paths['/api/v1/posts'])).toEqual(
      expect.arrayContaining(['get', 'post']),
    );
    expect(Object.keys(response.body.paths['/api/v2/posts/{id}'])).toEqual(
      expect.arrayContaining(['get', 'patch', 'delete']),
    );
  });

  it('GET /api/docs serves the interactive documentation page', async () => {
    const response = await t.http.get('/api/docs');

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.text).toMatch(/swagger/i);
  });
});

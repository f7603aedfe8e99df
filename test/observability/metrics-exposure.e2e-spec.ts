import { MetricsServer } from '../../src/infra/metrics/metrics-server.js';
import { HttpClient } from '../support/http.js';
import { parseExposition, sampleValue, scrape } from '../support/prometheus.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const TOKEN = 'metrics-token-for-tests-0123456789abcdef';

// Metrics are never public by default: the API port serves them only for the bearer METRICS_TOKEN, and a
// dedicated METRICS_PORT serves nothing else.
describe('Exposing metrics', () => {
  describe('with neither METRICS_TOKEN nor METRICS_PORT', () => {
    let t: TestApp;
    beforeAll(async () => (t = await startTestApp({ env: { METRICS_TOKEN: '', METRICS_PORT: '' } })));
    afterAll(() => t.close());

    it('has no /metrics route: 404, token or not', async () => {
      for (const headers of [{}, { authorization: `Bearer ${TOKEN}` }] as Record<string, string>[]) {
        const response = await t.http.get('/metrics', { headers });
        expect(response.status).toBe(404);
        expect(response.body.error.code).toBe('not_found');
        expect(response.text).not.toContain('hearth_');
      }
    });
  });

  describe('on the API port with METRICS_TOKEN', () => {
    let t: TestApp;
    beforeAll(async () => (t = await startTestApp({ env: { METRICS_TOKEN: TOKEN } })));
    afterAll(() => t.close());

    it.each([
      ['no Authorization header', {}],
      ['a wrong token', { authorization: `Bearer ${TOKEN.slice(0, -1)}x` }],
      ['a prefix of the token', { authorization: `Bearer ${TOKEN.slice(0, 10)}` }],
      ['the token with a suffix', { authorization: `Bearer ${TOKEN}x` }],
      ['the token in another scheme', { authorization: `Basic ${TOKEN}` }],
      ['an empty bearer', { authorization: 'Bearer ' }],
    ])('refuses %s with 401 and the error shape, leaking no metric', async (_case, headers) => {
      const response = await t.http.get('/metrics', { headers });
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(response.body).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
      expect(response.text).not.toContain('hearth_');
    });

    it('serves the Prometheus text format to the bearer of the token', async () => {
      const response = await t.http.get('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(response.headers['cache-control']).toBe('no-store');
      const exposition = parseExposition(response.text);
      for (const name of [
        'hearth_http_request_duration_seconds',
        'hearth_http_requests_in_flight',
        'hearth_rate_limit_rejections_total',
        'hearth_db_pool_connections',
        'hearth_db_pool_waiting',
        'hearth_db_pool_max_connections',
        'hearth_db_query_errors_total',
        'hearth_socket_connections',
        'hearth_socket_joined_topics',
        'hearth_presence_entries',
        'hearth_socket_messages_sent_total',
        'hearth_socket_messages_refused_total',
        'hearth_sse_streams_open',
        'hearth_job_queue_depth',
        'hearth_job_duration_seconds',
        'hearth_uploads_stored_total',
        'hearth_uploads_stored_bytes_total',
        'hearth_orders_total',
        'process_cpu_seconds_total',
        'nodejs_eventloop_lag_seconds',
      ]) {
        expect(exposition.has(name)).toBe(true);
      }
      expect(exposition.has('hearth_redis_up')).toBe(Boolean(process.env.REDIS_URL));
      expect(sampleValue(exposition, 'hearth_db_pool_max_connections')).toBe(t.config.database.poolSize);
    });

    it('answers compressed when the scraper accepts it, as Prometheus does', async () => {
      const response = await t.http.get('/metrics', {
        headers: { authorization: `Bearer ${TOKEN}`, 'accept-encoding': 'gzip' },
      });
      expect(response.headers['content-encoding']).toBe('gzip');
      expect(() => parseExposition(response.text)).not.toThrow();
    });
  });

  describe('on a dedicated METRICS_PORT', () => {
    let t: TestApp;
    let metricsPort: HttpClient;
    let closed = false;
    beforeAll(async () => {
      t = await startTestApp({ env: { METRICS_PORT: '0', METRICS_HOST: '127.0.0.1', METRICS_TOKEN: '' } });
      metricsPort = new HttpClient(`http://127.0.0.1:${t.app.get(MetricsServer).port}`);
    });
    afterAll(() => (closed ? undefined : t.close()));

    it('serves /metrics there without a token, and only there', async () => {
      const exposition = await scrape(metricsPort);
      expect(exposition.has('hearth_http_request_duration_seconds')).toBe(true);
      expect((await t.http.get('/metrics')).status).toBe(404);
    });

    it('serves nothing else on that port', async () => {
      // The metrics port is not the API: the OpenAPI document says nothing about what it refuses.
      const other = await metricsPort.get('/api/v2/posts', { contract: false });
      expect(other.status).toBe(404);
      expect(other.body.error.code).toBe('not_found');
      const post = await metricsPort.post('/metrics', {});
      expect(post.status).toBe(405);
      expect(post.headers.allow).toBe('GET, HEAD');
    });

    it('closes with the application', async () => {
      expect((await metricsPort.get('/metrics')).status).toBe(200);
      await t.close();
      closed = true;
      await expect(metricsPort.get('/metrics')).rejects.toThrow(/ECONNREFUSED/);
    });
  });
});

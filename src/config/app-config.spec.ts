import { productionEnv } from '../../test/support/production-env.js';
import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('gives a runnable single-instance default with nothing set', () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.database.url).toBeUndefined();
    expect(config.database.migrateOnStart).toBe(true);
    expect(config.database.seedDemoData).toBe(true);
    expect(config.redis.url).toBeUndefined();
  });

  it('does not seed demo data into an external database unless asked', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://db.example/hearth' }).database.seedDemoData).toBe(false);
    expect(
      loadConfig({ DATABASE_URL: 'postgresql://db.example/hearth', SEED_DEMO_DATA: 'true' }).database
        .seedDemoData,
    ).toBe(true);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', REDIS_URL: '  ' }).redis.url).toBeUndefined();
  });

  it('refuses bad settings, naming each variable', () => {
    const load = () => loadConfig({ PORT: 'eighty', REDIS_URL: 'not a url', LOG_LEVEL: 'loud' });
    expect(load).toThrow(ConfigError);
    for (const variable of ['PORT', 'REDIS_URL', 'LOG_LEVEL']) expect(load).toThrow(variable);
  });

  it('refuses every development stand-in in production, naming each variable', () => {
    const env = productionEnv({ SEED_DEMO_DATA: 'true', JWT_SECRET: 'a'.repeat(32) });
    delete env.DATABASE_URL;
    delete env.STRIPE_SECRET_KEY;
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (error) {
      const variables = (error as ConfigError).issues.map((issue) => issue.split(':')[0]);
      expect(variables).toEqual(['DATABASE_URL', 'SEED_DEMO_DATA', 'STRIPE_SECRET_KEY', 'JWT_SECRET']);
    }
    expect(loadConfig(productionEnv()).isProduction).toBe(true);
  });

  it('serves the API docs outside production, and in production only when asked', () => {
    expect(loadConfig({}).apiDocsEnabled).toBe(true);
    expect(loadConfig(productionEnv()).apiDocsEnabled).toBe(false);
    expect(loadConfig(productionEnv({ API_DOCS_ENABLED: 'true' })).apiDocsEnabled).toBe(true);
  });

  it('reads TRUST_PROXY as a boolean, a hop count or a list, and names it when it is none', () => {
    expect(loadConfig({}).http.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).http.trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '1' }).http.trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8' }).http.trustProxy).toEqual(['10.0.0.0/8']);
    expect(() => loadConfig({ TRUST_PROXY: 'the load balancer' })).toThrow(/TRUST_PROXY/);
  });

  it('exposes metrics nowhere, and measures nothing per request, unless METRICS_PORT or METRICS_TOKEN is set', () => {
    expect(loadConfig({}).metrics).toMatchObject({ enabled: false, port: undefined, token: undefined });
    expect(loadConfig({ METRICS_PORT: '9464' }).metrics).toMatchObject({
      enabled: true,
      port: 9464,
      host: '0.0.0.0',
    });
    const token = 'x'.repeat(32);
    expect(loadConfig({ METRICS_TOKEN: token, METRICS_PORT: '' }).metrics).toMatchObject({
      enabled: true,
      token,
    });
  });

  it('refuses a short METRICS_TOKEN, METRICS_PORT on the API port, and tracing settings the SDK would not take', () => {
    const problems = (environment: NodeJS.ProcessEnv) => {
      try {
        loadConfig(environment);
        return '';
      } catch (error) {
        return (error as ConfigError).message;
      }
    };
    expect(problems({ METRICS_TOKEN: 'short' })).toContain('METRICS_TOKEN');
    expect(problems({ METRICS_PORT: '3000', PORT: '3000' })).toContain('METRICS_PORT');
    expect(problems({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toContain(
      'OTEL_EXPORTER_OTLP_ENDPOINT',
    );
    expect(problems({ OTEL_TRACES_SAMPLER: 'sometimes' })).toContain('OTEL_TRACES_SAMPLER');
    expect(problems({ OTEL_TRACES_SAMPLER_ARG: '1.5' })).toContain('OTEL_TRACES_SAMPLER_ARG');
  });
});

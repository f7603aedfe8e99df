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
    expect(() => loadConfig({ PORT: 'eighty', REDIS_URL: 'not a url', LOG_LEVEL: 'loud' })).toThrow(
      ConfigError,
    );
    try {
      loadConfig({ PORT: 'eighty', REDIS_URL: 'not a url', LOG_LEVEL: 'loud' });
    } catch (error) {
      const message = (error as ConfigError).message;
      expect(message).toContain('PORT');
      expect(message).toContain('REDIS_URL');
      expect(message).toContain('LOG_LEVEL');
    }
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
});

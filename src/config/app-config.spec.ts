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
});

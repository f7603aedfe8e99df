import type { AddressInfo } from 'node:net';
import { chooseLogFormat } from './common/logging/logger.js';
import { loadConfig } from './config/app-config.js';
import { renderBanner, startupFacts } from './startup-banner.js';

const anyInterface: AddressInfo = { address: '0.0.0.0', family: 'IPv4', port: 3000 };

describe('startup banner', () => {
  it('names the URLs, the demo accounts and the embedded services of a default start', () => {
    const facts = startupFacts(loadConfig({}), anyInterface);
    expect(facts).toEqual({
      api: 'http://localhost:3000/api',
      docs: 'http://localhost:3000/api/docs',
      demo_page: 'http://localhost:3000/',
      demo_accounts: expect.stringContaining('admin@hearth.local') as string,
      database: 'embedded PostgreSQL on 127.0.0.1:54320 (data in .data/postgres)',
      redis: 'in-process (single instance)',
      storage: 'local disk (.data/uploads)',
    });
    expect(renderBanner(facts)).toMatch(/\n {2}demo page {6}http:\/\/localhost:3000\/\n/);
  });

  it('shows where external services are without their user names or passwords', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://hearth:db-secret@db.internal:5432/hearth',
      REDIS_URL: 'redis://default:redis-secret@cache.internal:6380',
      S3_BUCKET: 'hearth-uploads',
      S3_ENDPOINT: 'http://minio:9000',
    });
    const facts = startupFacts(config, { address: '::1', family: 'IPv6', port: 4000 });
    expect(facts).toMatchObject({
      api: 'http://[::1]:4000/api',
      database: 'PostgreSQL at db.internal:5432/hearth',
      redis: 'Redis at cache.internal:6380',
      storage: 'S3 bucket hearth-uploads (minio:9000)',
    });
    expect(facts).not.toHaveProperty('demo_accounts');
    expect(JSON.stringify(facts)).not.toMatch(/secret|hearth:/);
  });
});

describe('chooseLogFormat', () => {
  it('is pretty only for a terminal outside production, unless LOG_FORMAT says otherwise', () => {
    expect(chooseLogFormat({ isProduction: false }, true)).toBe('pretty');
    expect(chooseLogFormat({ isProduction: false }, false)).toBe('json');
    expect(chooseLogFormat({ isProduction: false, logFormat: 'json' }, true)).toBe('json');
    expect(chooseLogFormat({ isProduction: false, logFormat: 'pretty' }, false)).toBe('pretty');
    expect(chooseLogFormat({ isProduction: true, logFormat: 'pretty' }, true)).toBe('json');
  });
});

import { ConfigError, loadConfig } from '../config/app-config.js';

describe('auth configuration', () => {
  it('requires a JWT secret in production and rejects short ones', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(32) });
    expect(config.auth.jwtSecret).toBe('s'.repeat(32));
    expect(config.auth.secureCookies).toBe(true);
  });

  it('shares one generated secret between all apps of a process outside production', () => {
    expect(loadConfig({}).auth.jwtSecret).toEqual(loadConfig({}).auth.jwtSecret);
    expect(loadConfig({}).auth.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('has the documented defaults', () => {
    const { auth } = loadConfig({ PUBLIC_URL: 'https://hearth.example' });
    expect(auth).toMatchObject({
      accessTokenTtlSeconds: 900,
      refreshTokenTtlSeconds: 30 * 86_400,
      sessionIdleSeconds: 7 * 86_400,
      sessionAbsoluteSeconds: 30 * 86_400,
      secureCookies: false,
      allowedOrigins: ['https://hearth.example'],
      argon2: { memoryKib: 19_456, timeCost: 2, parallelism: 1 },
      passwordResetUrl: 'https://hearth.example/reset-password',
      oauthSuccessRedirectUrl: 'https://hearth.example/',
    });
    expect(auth.google).toBeUndefined();
    expect(auth.mail.smtp).toBeUndefined();
  });

  it('refuses argon2 costs below the OWASP minimum', () => {
    expect(() => loadConfig({ ARGON2_MEMORY_KIB: '4096' })).toThrow(/ARGON2_MEMORY_KIB/);
  });

  it('enables an OAuth provider only with both client id and secret', () => {
    expect(loadConfig({ GITHUB_CLIENT_ID: 'id' }).auth.github).toBeUndefined();
    expect(loadConfig({ GITHUB_CLIENT_ID: 'id', GITHUB_CLIENT_SECRET: 'secret' }).auth.github).toMatchObject({
      clientId: 'id',
    });
  });
});

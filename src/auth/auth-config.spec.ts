import { randomBytes } from 'node:crypto';
import { productionEnv } from '../../test/support/production-env.js';
import { ConfigError, loadConfig } from '../config/app-config.js';

describe('auth configuration', () => {
  it('requires a JWT secret in production and rejects short and guessable ones', () => {
    const { JWT_SECRET: secret, ...withoutSecret } = productionEnv();
    expect(() => loadConfig(withoutSecret)).toThrow(ConfigError);
    expect(() => loadConfig({ ...withoutSecret, JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ ...withoutSecret, JWT_SECRET: 's'.repeat(32) })).toThrow(/JWT_SECRET/);
    const config = loadConfig({ ...withoutSecret, JWT_SECRET: secret });
    expect(config.auth.jwtSecret).toBe(secret);
    expect(config.auth.secureCookies).toBe(true);
  });

  it('signs cookies with COOKIE_SECRET when set, else with a key derived from the JWT secret', () => {
    const cookieSecret = randomBytes(32).toString('base64url');
    expect(loadConfig(productionEnv({ COOKIE_SECRET: cookieSecret })).auth.cookieSecret).toBe(cookieSecret);
    const derived = loadConfig(productionEnv()).auth;
    expect(derived.cookieSecret).not.toBe(derived.jwtSecret);
    expect(() => loadConfig(productionEnv({ COOKIE_SECRET: 'c'.repeat(40) }))).toThrow(/COOKIE_SECRET/);
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

import { jest } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { sessionCookieFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { sha256Hex, STRONG_PASSWORD } from './auth-test-helpers.js';

const ORIGIN = 'http://hearth.test';

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** A JWT signed with the app's own secret but with chosen header and claims. */
function forgeJwt(secret: string, header: object, claims: object): string {
  const unsigned = `${base64url(header)}.${base64url(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

describe('Bearer tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { PUBLIC_URL: ORIGIN } });
  });
  afterAll(() => t.close());

  async function tokensFor(password = STRONG_PASSWORD) {
    const user = await buildUser(t.prisma, { password });
    const response = await t.http.post('/api/auth/token', { email: user.email, password });
    expect(response.status).toBe(200);
    return { user, tokens: response.body };
  }

  const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

  it('exchanges email and password for an access token and a refresh token', async () => {
    const { user, tokens } = await tokensFor();
    expect(tokens).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 900,
      refresh_token: expect.any(String),
    });
    const me = await t.http.get('/api/auth/me', bearer(tokens.access_token));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: user.id, email: user.email });
  });

  it('answers wrong credentials with 401 invalid_credentials and no tokens', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const response = await t.http.post('/api/auth/token', {
      email: user.email,
      password: 'not the password',
    });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('invalid_credentials');
    expect(response.text).not.toContain('access_token');
  });

  it('lets a bearer token act on protected routes', async () => {
    const { user, tokens } = await tokensFor();
    const created = await t.http.post(
      '/api/v1/posts',
      { title: 'via token', body: 'hi' },
      bearer(tokens.access_token),
    );
    expect(created.status).toBe(201);
    expect(await t.prisma.post.count({ where: { authorId: user.id, title: 'via token' } })).toBe(1);
  });

  it.each([
    ['garbage', 'not-a-jwt'],
    [
      'a token signed with another secret',
      forgeJwt('x'.repeat(40), { alg: 'HS256', typ: 'JWT' }, { sub: '1' }),
    ],
  ])('refuses %s with 401 invalid_token, even on public routes', async (_name, token) => {
    for (const path of ['/api/auth/me', '/api/v1/posts']) {
      const response = await t.http.get(path, bearer(token));
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('invalid_token');
    }
  });

  it('refuses an expired token with 401 invalid_token', async () => {
    const user = await buildUser(t.prisma);
    const now = Math.floor(Date.now() / 1000);
    const expired = forgeJwt(
      t.config.auth.jwtSecret,
      { alg: 'HS256', typ: 'JWT' },
      {
        sub: String(user.id),
        typ: 'access',
        iat: now - 120,
        exp: now - 60,
        iss: 'hearth',
        aud: 'hearth-api',
      },
    );
    const response = await t.http.get('/api/auth/me', bearer(expired));
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('invalid_token');
  });

  it('refuses a token from the second it expires, though it was accepted (and its signature checked) before', async () => {
    const { tokens } = await tokensFor();
    const { exp } = JSON.parse(Buffer.from(tokens.access_token.split('.')[1], 'base64url').toString()) as {
      exp: number;
    };
    expect((await t.http.get('/api/auth/me', bearer(tokens.access_token))).status).toBe(200);
    const clock = jest.spyOn(Date, 'now').mockReturnValue(exp * 1000);
    try {
      const response = await t.http.get('/api/auth/me', bearer(tokens.access_token));
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('invalid_token');
    } finally {
      clock.mockRestore();
    }
    expect((await t.http.get('/api/auth/me', bearer(tokens.access_token))).status).toBe(200);
  });

  it('pins the algorithm: alg "none" and HS512 tokens are refused even with valid claims', async () => {
    const user = await buildUser(t.prisma);
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      sub: String(user.id),
      typ: 'access',
      cep: user.credentialsChangedAt.getTime(),
      iat: now,
      exp: now + 600,
      iss: 'hearth',
      aud: 'hearth-api',
    };
    const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
    const hs512Input = `${base64url({ alg: 'HS512', typ: 'JWT' })}.${base64url(claims)}`;
    const hs512 = `${hs512Input}.${createHmac('sha512', t.config.auth.jwtSecret).update(hs512Input).digest('base64url')}`;
    const valid = forgeJwt(t.config.auth.jwtSecret, { alg: 'HS256', typ: 'JWT' }, claims);
    expect((await t.http.get('/api/auth/me', bearer(valid))).status).toBe(200);
    for (const token of [unsigned, hs512]) {
      const response = await t.http.get('/api/auth/me', bearer(token));
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('invalid_token');
    }
  });

  it('answers a protected route without any credentials with 401 unauthenticated', async () => {
    const response = await t.http.get('/api/auth/me');
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('unauthenticated');
  });

  it('reflects a role change at once, since a token names only its user', async () => {
    const { user, tokens } = await tokensFor();
    await t.prisma.user.update({ where: { id: user.id }, data: { role: 'moderator' } });
    const me = await t.http.get('/api/auth/me', bearer(tokens.access_token));
    expect(me.body.role).toBe('moderator');
  });

  describe('refresh', () => {
    it('rotates the pair: a new refresh token is issued, and the new pair works and rotates in turn', async () => {
      const { tokens } = await tokensFor();
      const rotated = await t.http.post('/api/auth/token/refresh', { refresh_token: tokens.refresh_token });
      expect(rotated.status).toBe(200);
      expect(rotated.body.token_type).toBe('Bearer');
      expect(rotated.body.refresh_token).not.toEqual(tokens.refresh_token);
      expect((await t.http.get('/api/auth/me', bearer(rotated.body.access_token))).status).toBe(200);

      const again = await t.http.post('/api/auth/token/refresh', {
        refresh_token: rotated.body.refresh_token,
      });
      expect(again.status).toBe(200);
    });

    it('revokes the whole family when a used refresh token is presented again', async () => {
      const { tokens } = await tokensFor();
      const first = await t.http.post('/api/auth/token/refresh', { refresh_token: tokens.refresh_token });
      expect(first.status).toBe(200);

      const replay = await t.http.post('/api/auth/token/refresh', { refresh_token: tokens.refresh_token });
      expect(replay.status).toBe(401);
      expect(replay.body.error.code).toBe('invalid_token');

      // The legitimate holder's newer token belongs to the same family and is now dead too.
      const victim = await t.http.post('/api/auth/token/refresh', {
        refresh_token: first.body.refresh_token,
      });
      expect(victim.status).toBe(401);
      expect(victim.body.error.code).toBe('invalid_token');
    });

    it('lets only one of two concurrent uses of a refresh token succeed', async () => {
      const { tokens } = await tokensFor();
      const results = await Promise.all(
        [1, 2].map(() => t.http.post('/api/auth/token/refresh', { refresh_token: tokens.refresh_token })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    });

    it('refuses unknown and expired refresh tokens, and stores them only hashed', async () => {
      const { user, tokens } = await tokensFor();
      const unknown = await t.http.post('/api/auth/token/refresh', { refresh_token: 'made-up' });
      expect(unknown.status).toBe(401);
      expect(unknown.body.error.code).toBe('invalid_token');

      const rows = await t.prisma.refreshToken.findMany({ where: { userId: user.id } });
      expect(rows.map((row) => row.tokenHash)).toEqual([sha256Hex(tokens.refresh_token)]);
      await t.prisma.refreshToken.updateMany({
        where: { userId: user.id },
        data: { expiresAt: new Date(Date.now() - 1000) },
      });
      const expired = await t.http.post('/api/auth/token/refresh', { refresh_token: tokens.refresh_token });
      expect(expired.status).toBe(401);
    });

    it('validates the body', async () => {
      const response = await t.http.post('/api/auth/token/refresh', {});
      expect(response.status).toBe(400);
      expect(response.body.error.details[0].field).toBe('refresh_token');
    });
  });

  describe('socket token', () => {
    it('gives a cookie-signed-in browser a short-lived access token', async () => {
      const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
      const cookie = await sessionCookieFor(t, { email: user.email, password: STRONG_PASSWORD }, ORIGIN);
      const response = await t.http.get('/api/auth/socket-token', { headers: { cookie } });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ token: expect.any(String), expires_in: 60 });
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers.etag).toBeUndefined();
      const me = await t.http.get('/api/auth/me', bearer(response.body.token));
      expect(me.body.id).toBe(user.id);
    });

    it('is refused without a signed-in user', async () => {
      expect((await t.http.get('/api/auth/socket-token')).status).toBe(401);
    });
  });
});

import { ApiKeysService } from '../../src/api-keys/api-keys.service.js';
import { SessionsService } from '../../src/auth/sessions.service.js';
import type { User } from '../../src/generated/prisma/client.js';
import { accessTokenFor, authHeadersFor, sessionCookieFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { STRONG_PASSWORD } from './auth-test-helpers.js';

// Sessions, API keys and users are read once per event-loop turn for every request of that turn: requests that arrive
// together share one query. Each must still be answered as its own caller, and as of now.

const ORIGIN = 'http://hearth.test';

describe('Requests that arrive together are each answered as their own caller', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { PUBLIC_URL: ORIGIN } });
  });
  afterAll(() => t.close());

  const me = (headers: Record<string, string>) => t.http.get('/api/auth/me', { headers });

  async function signedIn(
    user: User,
  ): Promise<{ bearer: Record<string, string>; cookie: Record<string, string> }> {
    return {
      bearer: { authorization: `Bearer ${await accessTokenFor(t, user)}` },
      cookie: {
        cookie: await sessionCookieFor(t, { email: user.email, password: STRONG_PASSWORD }, ORIGIN),
      },
    };
  }

  it('a burst of bearer and cookie requests from many users: each names its own caller', async () => {
    const users = await Promise.all(
      Array.from({ length: 6 }, () => buildUser(t.prisma, { password: STRONG_PASSWORD })),
    );
    const credentials = await Promise.all(users.map(signedIn));
    // Round-robin over the users, so that every turn's batch mixes users and kinds of credential.
    const burst = [0, 1, 2, 3].flatMap((k) =>
      users.map((user, i) => {
        const { bearer, cookie } = credentials[i]!;
        return { user, headers: k % 2 === 0 ? bearer : cookie };
      }),
    );

    const responses = await Promise.all(burst.map(({ headers }) => me(headers)));

    responses.forEach((response, i) => {
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: burst[i]!.user.id, email: burst[i]!.user.email });
    });
  });

  it('session cookies resolved in the same turn (one batch) each resolve to their own user', async () => {
    const users = await Promise.all(
      Array.from({ length: 5 }, () => buildUser(t.prisma, { password: STRONG_PASSWORD })),
    );
    const tokens = await Promise.all(
      users.map(async (user) => {
        const cookie = await sessionCookieFor(t, { email: user.email, password: STRONG_PASSWORD }, ORIGIN);
        return decodeURIComponent(cookie.slice('hearth_session='.length));
      }),
    );
    const sessions = t.app.get(SessionsService);

    // Asked in the same turn: one batch, read in one query (HTTP requests batch only when they arrive together).
    const resolved = await Promise.all(
      [...tokens, 'not-a-session-token'].map((token) => sessions.resolve(token)),
    );

    expect(resolved.map((user) => user?.id ?? null)).toEqual([...users.map((user) => user.id), null]);
  });

  it('API keys checked in the same turn (one batch) each act as their own principal; a revoked one is refused', async () => {
    const admin = await buildUser(t.prisma, { role: 'admin' });
    const adminHeaders = await authHeadersFor(t, admin);
    const owners = await Promise.all([buildUser(t.prisma), buildUser(t.prisma)]);
    const issue = async (body: { name: string; user_id?: number }) => {
      const created = await t.http.post('/api/admin/api-keys', body, { headers: adminHeaders });
      expect(created.status).toBe(201);
      return created.body as { id: number; key: string };
    };
    const keys = [
      ...(await Promise.all(owners.map((owner) => issue({ name: 'Owned', user_id: owner.id })))),
      await issue({ name: 'Unowned' }),
    ];
    const revoked = await issue({ name: 'Revoked', user_id: owners[0]!.id });
    expect((await t.http.delete(`/api/admin/api-keys/${revoked.id}`, { headers: adminHeaders })).status).toBe(
      204,
    );
    const apiKeys = t.app.get(ApiKeysService);

    const outcomes = await Promise.allSettled([...keys, revoked].map(({ key }) => apiKeys.authenticate(key)));

    expect(outcomes.slice(0, 3).map((outcome) => outcome.status === 'fulfilled' && outcome.value.id)).toEqual(
      [owners[0]!.id, owners[1]!.id, admin.id],
    );
    expect(outcomes[3]).toMatchObject({ status: 'rejected', reason: { code: 'invalid_api_key' } });
  });

  it('in the same burst, an ended session, a moved epoch and a deleted account are refused; the rest pass', async () => {
    const [live, signedOut, signedOutEverywhere, deleted] = await Promise.all(
      Array.from({ length: 4 }, () => buildUser(t.prisma, { password: STRONG_PASSWORD })),
    );
    const [liveIn, outIn, everywhereIn, deletedIn] = await Promise.all(
      [live!, signedOut!, signedOutEverywhere!, deleted!].map(signedIn),
    );
    expect(
      (await t.http.post('/api/auth/logout', undefined, { headers: { ...outIn!.cookie, origin: ORIGIN } }))
        .status,
    ).toBe(204);
    expect(
      (
        await t.http.post('/api/auth/logout-all', undefined, {
          headers: { ...everywhereIn!.cookie, origin: ORIGIN },
        })
      ).status,
    ).toBe(204);
    await t.prisma.user.delete({ where: { id: deleted!.id } });

    const [liveBearer, liveCookie, outCookie, oldBearer, oldCookie, deletedBearer, deletedCookie] =
      await Promise.all(
        [
          liveIn!.bearer,
          liveIn!.cookie,
          outIn!.cookie,
          everywhereIn!.bearer,
          everywhereIn!.cookie,
          deletedIn!.bearer,
          deletedIn!.cookie,
        ].map(me),
      );

    expect([liveBearer!.status, liveCookie!.status]).toEqual([200, 200]);
    expect(liveCookie!.body).toMatchObject({ id: live!.id });
    // A cookie whose session ended is no credential at all; a bearer token of a moved epoch or a deleted account
    // is a bad one.
    for (const refused of [outCookie, oldCookie, deletedCookie]) expect(refused!.status).toBe(401);
    for (const refused of [oldBearer, deletedBearer]) {
      expect(refused!.status).toBe(401);
      expect(refused!.body.error.code).toBe('invalid_token');
    }
  });
});

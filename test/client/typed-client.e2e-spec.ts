import { createHearthClient, type components } from '../../clients/typescript/index.js';
import type { User } from '../../src/generated/prisma/client.js';
import { buildPost, buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// A partner's program, written against the generated client (clients/typescript/) and checked by tsc: sign in for a
// bearer token, page through posts with the v2 cursor, issue an API key and use it. Renaming a field or an
// operation in the contract breaks this file's type check before it breaks a partner.

const PASSWORD = 'a-long-client-password';

describe('the generated TypeScript client against a running Hearth', () => {
  let t: TestApp;
  let admin: User;
  let postIds: string[];

  beforeAll(async () => {
    t = await startTestApp();
    admin = await buildUser(t.prisma, {
      email: 'partner-admin@hearth.test',
      role: 'admin',
      password: PASSWORD,
    });
    const base = Date.UTC(2026, 0, 1);
    const posts = [];
    for (let i = 0; i < 5; i++) {
      posts.push(await buildPost(t.prisma, { authorId: admin.id, createdAt: new Date(base + i * 60_000) }));
    }
    postIds = posts.map((post) => String(post.id)).reverse(); // newest first
  });

  afterAll(() => t.close());

  async function signIn(): Promise<string> {
    const anonymous = createHearthClient({ baseUrl: t.baseUrl });
    const { data, error, response } = await anonymous.POST('/api/auth/token', {
      body: { email: admin.email, password: PASSWORD },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data!.token_type).toBe('Bearer');
    return data!.access_token;
  }

  it('signs in for a bearer token and reads the signed-in user', async () => {
    const hearth = createHearthClient({ baseUrl: t.baseUrl, accessToken: await signIn() });
    const { data } = await hearth.GET('/api/auth/me');
    expect(data).toMatchObject({ id: admin.id, email: admin.email, role: 'admin' });
  });

  it('lists every post, newest first, by following the cursor', async () => {
    const hearth = createHearthClient({ baseUrl: t.baseUrl, accessToken: await signIn() });
    const seen: components['schemas']['PostV2Resource'][] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { data, error } = await hearth.GET('/api/v2/posts', { params: { query: { limit: 2, cursor } } });
      expect(error).toBeUndefined();
      seen.push(...data!.data);
      cursor = data!.meta.next_cursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(seen.map((post) => post.id)).toEqual(postIds);
    expect(seen[0].attributes.title).toEqual(expect.any(String));
    expect(pages).toBe(3);
  });

  it('gets the API error, typed, for a cursor it did not issue', async () => {
    const anonymous = createHearthClient({ baseUrl: t.baseUrl });
    const { data, error, response } = await anonymous.GET('/api/v2/posts', {
      params: { query: { cursor: 'not-a-cursor' } },
    });
    expect(data).toBeUndefined();
    expect(response.status).toBe(400);
    expect(error!.error.code).toBe('invalid_cursor');
  });

  it('issues an API key as an admin, and the key then signs its own requests', async () => {
    const hearth = createHearthClient({ baseUrl: t.baseUrl, accessToken: await signIn() });
    const { data: issued, response } = await hearth.POST('/api/admin/api-keys', {
      body: { name: 'Typed partner', rate_limit_per_hour: 100 },
    });
    expect(response.status).toBe(201);
    expect(issued).toMatchObject({ name: 'Typed partner', rate_limit_per_hour: 100 });

    const partner = createHearthClient({ baseUrl: t.baseUrl, apiKey: issued!.key });
    const { data: me } = await partner.GET('/api/auth/me');
    expect(me!.id).toBe(admin.id);
    const { data: keys } = await hearth.GET('/api/admin/api-keys');
    expect(keys!.data.map((key) => key.prefix)).toContain(issued!.prefix);
    // Admin work needs a person: the key itself may not mint keys.
    const { error } = await partner.POST('/api/admin/api-keys', { body: { name: 'Minted by a key' } });
    expect(error!.error.code).toBe('api_key_forbidden');
  });
});

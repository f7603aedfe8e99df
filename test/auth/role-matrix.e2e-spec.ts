import { randomBytes } from 'node:crypto';
import type { User } from '../../src/generated/prisma/client.js';
import { describeRoute, type OpenApiDocument, routesOf } from '../hostile/support/openapi-routes.js';
import { authHeadersFor } from '../support/auth.js';
import { buildCast } from '../support/cast.js';
import { buildCartItem, buildComment, buildPost, buildProduct, buildUser } from '../support/factories.js';
import { localDiskBackend, type StorageBackend } from '../support/storage.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { pngBytes } from '../uploads/upload-fixtures.js';

// Every route of the API, called as each kind of caller. The list of routes is the app's own OpenAPI document: a
// route missing from `matrix` fails the first test, so a new route needs one entry here, either the statuses each
// caller gets or the reason it is public. `prepare` builds what one call needs, fresh for every caller (a DELETE
// by one caller does not affect the next); `owner` is present for routes about a resource that has an owner.

type Caller = 'anonymous' | 'user' | 'moderator' | 'admin' | 'owner';

interface Call {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  /** For requests the JSON client cannot make (multipart): sends with the caller's headers. */
  send?: (headers: Record<string, string>) => Promise<{ status: number; body: any }>;
}

interface Row {
  /** Which case of the route, when it has several (a draft, a published post). */
  variant?: string;
  prepare: (people: { owner: User; actor?: User }) => Promise<Call>;
  expected: Partial<Record<Caller, number>> & Record<Exclude<Caller, 'owner'>, number>;
  /** Error codes where the route's own catalogue is more specific than ERROR_CODES. */
  codes?: Record<number, string>;
  /** The call uses up its caller (deletes the account): each role's call is made by a fresh user of that role. */
  freshCallers?: true;
}

/** `METHOD /template` as the OpenAPI document writes it, e.g. `GET /api/v1/posts/{id}`. */
type RouteKey = string;

let t: TestApp;
let storage: StorageBackend;

const ERROR_CODES: Record<number, string | undefined> = {
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
};

const fixed = (method: Call['method'], path: string, body?: unknown) => async (): Promise<Call> => ({
  method,
  path,
  body,
});

const signedIn = (status: number) => ({ anonymous: 401, user: status, moderator: status, admin: status });
const adminOnly = (status: number) => ({ anonymous: 401, user: 403, moderator: 403, admin: status });
const ownerModeratorAdmin = (status: number) => ({
  anonymous: 401,
  user: 403,
  moderator: status,
  admin: status,
  owner: status,
});
/** Private to its owner: everyone else is told it does not exist. */
const ownerOnly = (status: number) => ({
  anonymous: 401,
  user: 404,
  moderator: 404,
  admin: 404,
  owner: status,
});

const as = async (user: User) => ({ headers: await authHeadersFor(t, user) });

const postRows = (version: 1 | 2): Record<RouteKey, Row[] | string> => ({
  [`GET /api/v${version}/posts`]: 'public: the published posts',
  [`POST /api/v${version}/posts`]: [
    {
      prepare: fixed('POST', `/api/v${version}/posts`, { title: 'Matrix', body: 'Row' }),
      expected: signedIn(201),
    },
  ],
  [`GET /api/v${version}/posts/{id}`]: [
    {
      variant: 'a draft',
      prepare: async ({ owner }) => {
        const post = await buildPost(t.prisma, { authorId: owner.id, published: false });
        return { method: 'GET', path: `/api/v${version}/posts/${post.id}` };
      },
      expected: { anonymous: 404, user: 404, moderator: 200, admin: 200, owner: 200 },
    },
  ],
  [`PATCH /api/v${version}/posts/{id}`]: [
    {
      prepare: async ({ owner }) => {
        const post = await buildPost(t.prisma, { authorId: owner.id });
        return { method: 'PATCH', path: `/api/v${version}/posts/${post.id}`, body: { title: 'Edited' } };
      },
      expected: ownerModeratorAdmin(200),
    },
  ],
  [`DELETE /api/v${version}/posts/{id}`]: [
    {
      prepare: async ({ owner }) => {
        const post = await buildPost(t.prisma, { authorId: owner.id });
        return { method: 'DELETE', path: `/api/v${version}/posts/${post.id}` };
      },
      expected: ownerModeratorAdmin(204),
    },
  ],
  ...Object.fromEntries(
    (['POST', 'DELETE'] as const).map((method) => [
      `${method} /api/v${version}/posts/{id}/like`,
      [
        {
          prepare: async ({ owner }: { owner: User }) => {
            const post = await buildPost(t.prisma, { authorId: owner.id });
            return { method, path: `/api/v${version}/posts/${post.id}/like` };
          },
          expected: signedIn(200),
        },
      ],
    ]),
  ),
});

const commentRows = (version: 1 | 2): Record<RouteKey, Row[] | string> => ({
  [`GET /api/v${version}/posts/{id}/comments`]: [
    {
      variant: 'of a draft',
      prepare: async ({ owner }) => {
        const post = await buildPost(t.prisma, { authorId: owner.id, published: false });
        return { method: 'GET', path: `/api/v${version}/posts/${post.id}/comments` };
      },
      expected: { anonymous: 404, user: 404, moderator: 200, admin: 200, owner: 200 },
    },
  ],
  [`POST /api/v${version}/posts/{id}/comments`]: [
    {
      prepare: async () => {
        const post = await buildPost(t.prisma);
        return { method: 'POST', path: `/api/v${version}/posts/${post.id}/comments`, body: { body: 'Row' } };
      },
      expected: signedIn(201),
    },
  ],
  [`PATCH /api/v${version}/comments/{id}`]: [
    {
      prepare: async ({ owner }) => {
        const comment = await buildComment(t.prisma, { authorId: owner.id });
        return { method: 'PATCH', path: `/api/v${version}/comments/${comment.id}`, body: { body: 'Edited' } };
      },
      expected: { anonymous: 401, user: 403, moderator: 403, admin: 403, owner: 200 },
    },
  ],
  [`DELETE /api/v${version}/comments/{id}`]: [
    {
      prepare: async ({ owner }) => {
        const comment = await buildComment(t.prisma, { authorId: owner.id });
        return { method: 'DELETE', path: `/api/v${version}/comments/${comment.id}` };
      },
      expected: ownerModeratorAdmin(204),
    },
  ],
});

/** Moderators' and admins' work: authors cannot moderate their own content, reporters not their own reports. */
const moderatorAdmin = (status: number) => ({
  anonymous: 401,
  user: 403,
  moderator: status,
  admin: status,
  owner: 403,
});

/** What unhide has to undo (hiding itself is tested in test/moderation). */
const hidden = { hiddenAt: new Date(), hiddenReason: 'Matrix' };

const moderationRows = (): Record<RouteKey, Row[] | string> => ({
  ...Object.fromEntries(
    (['hide', 'unhide'] as const).flatMap((action) => [
      [
        `POST /api/v2/moderation/posts/{id}/${action}`,
        [
          {
            prepare: async ({ owner }: { owner: User }): Promise<Call> => {
              const post = await buildPost(t.prisma, { authorId: owner.id });
              if (action === 'unhide') await t.prisma.post.update({ where: { id: post.id }, data: hidden });
              const path = `/api/v2/moderation/posts/${post.id}/${action}`;
              return { method: 'POST', path, body: { reason: 'Matrix' } };
            },
            expected: moderatorAdmin(204),
          },
        ],
      ],
      [
        `POST /api/v2/moderation/comments/{id}/${action}`,
        [
          {
            prepare: async ({ owner }: { owner: User }): Promise<Call> => {
              const comment = await buildComment(t.prisma, { authorId: owner.id });
              if (action === 'unhide')
                await t.prisma.comment.update({ where: { id: comment.id }, data: hidden });
              const path = `/api/v2/moderation/comments/${comment.id}/${action}`;
              return { method: 'POST', path, body: { reason: 'Matrix' } };
            },
            expected: moderatorAdmin(204),
          },
        ],
      ],
    ]),
  ),
  'GET /api/v2/moderation/log': [
    { prepare: fixed('GET', '/api/v2/moderation/log'), expected: moderatorAdmin(200) },
  ],
  'GET /api/v2/moderation/reports': [
    { prepare: fixed('GET', '/api/v2/moderation/reports?status=open'), expected: moderatorAdmin(200) },
  ],
  'POST /api/v2/moderation/reports/{id}/resolve': [
    {
      prepare: async ({ owner }) => {
        const post = await buildPost(t.prisma);
        const report = await t.prisma.report.create({
          data: { reporterId: owner.id, targetType: 'post', targetId: post.id, reason: 'Matrix' },
        });
        const path = `/api/v2/moderation/reports/${report.id}/resolve`;
        return { method: 'POST', path, body: { action: 'dismiss' } };
      },
      expected: moderatorAdmin(200),
    },
  ],
  'POST /api/v2/reports': [
    {
      prepare: async ({ owner }) => {
        const post = await buildPost(t.prisma, { authorId: owner.id });
        const body = { target_type: 'post', target_id: post.id, reason: 'Matrix' };
        return { method: 'POST', path: '/api/v2/reports', body };
      },
      expected: { ...signedIn(201), owner: 201 },
    },
  ],
});

/** An upload of `owner`'s, completed through presign → PUT → complete, as a client does it. */
async function presignedUpload(owner: User, complete: boolean): Promise<string> {
  const png = pngBytes();
  const presigned = await t.http.post(
    '/api/uploads/presign',
    { filename: 'matrix.png', content_type: 'image/png', size: png.length },
    await as(owner),
  );
  expect(presigned.status).toBe(201);
  const { upload_id: id, url, method, headers } = presigned.body;
  const put = await fetch(storage.reachable(t, url), { method, headers, body: new Uint8Array(png) });
  expect(put.status).toBe(200);
  if (complete)
    expect((await t.http.post(`/api/uploads/${id}/complete`, {}, await as(owner))).status).toBe(200);
  return id;
}

const KNOWN_PASSWORD = 'correct horse battery staple';
let knownPasswordHash: string | undefined;
async function withKnownPassword(user: User): Promise<void> {
  knownPasswordHash ??= (await buildUser(t.prisma, { password: KNOWN_PASSWORD })).passwordHash!;
  await t.prisma.user.update({ where: { id: user.id }, data: { passwordHash: knownPasswordHash } });
}

async function privateTopic(owner: User, members: number[] = []): Promise<string> {
  const created = await t.http.post('/api/topics', { members }, await as(owner));
  expect(created.status).toBe(201);
  return created.body.topic;
}

const matrix: Record<RouteKey, Row[] | string> = {
  'GET /health': 'public: liveness for load balancers',
  'GET /health/ready': 'public: readiness for load balancers',
  'POST /api/auth/register': 'public: creates an account',
  'POST /api/auth/login': 'public: signs in (limited per account and address)',
  'POST /api/auth/token': 'public: signs in for tokens (limited per account and address)',
  'POST /api/auth/token/refresh': 'public: the refresh token is the credential',
  'POST /api/auth/password/forgot': 'public: the emailed token is the credential',
  'POST /api/auth/password/reset': 'public: the emailed token is the credential',
  'POST /api/auth/email/confirm': 'public: the emailed token is the credential',
  'GET /api/auth/google': 'public: starts OAuth sign-in',
  'GET /api/auth/google/callback': 'public: the provider’s signed state is the credential',
  'GET /api/auth/github': 'public: starts OAuth sign-in',
  'GET /api/auth/github/callback': 'public: the provider’s signed state is the credential',
  'GET /api/v2/posts/events': 'public: the stream of published posts',
  'GET /api/products': 'public: the catalogue',
  'GET /api/auth/me': [{ prepare: fixed('GET', '/api/auth/me'), expected: signedIn(200) }],
  'GET /api/auth/socket-token': [
    { prepare: fixed('GET', '/api/auth/socket-token'), expected: signedIn(200) },
  ],
  'POST /api/auth/logout-all': [{ prepare: fixed('POST', '/api/auth/logout-all'), expected: signedIn(204) }],
  'POST /api/auth/email/confirm/resend': [
    { prepare: fixed('POST', '/api/auth/email/confirm/resend'), expected: signedIn(202) },
  ],
  'POST /api/auth/logout': [
    {
      prepare: fixed('POST', '/api/auth/logout'),
      expected: { anonymous: 204, user: 204, moderator: 204, admin: 204 },
    },
  ],
  // Credentials: the caller's own, proven with the current password (reset to a known one before each call).
  'PUT /api/auth/password': [
    {
      prepare: async ({ actor }) => {
        if (actor) await withKnownPassword(actor);
        const body = { current_password: KNOWN_PASSWORD, new_password: 'matrix horse battery staple' };
        return { method: 'PUT', path: '/api/auth/password', body };
      },
      expected: signedIn(204),
    },
  ],
  'POST /api/auth/email/change': [
    {
      prepare: async ({ actor }) => {
        if (actor) await withKnownPassword(actor);
        const newEmail = `moved-${Math.random().toString(16).slice(2)}@example.test`;
        const body = { new_email: newEmail, password: KNOWN_PASSWORD };
        return { method: 'POST', path: '/api/auth/email/change', body };
      },
      expected: signedIn(202),
    },
  ],
  'GET /api/auth/identities': [{ prepare: fixed('GET', '/api/auth/identities'), expected: signedIn(200) }],
  'DELETE /api/auth/identities/{provider}': [
    {
      // The caller's own link; a password remains, so it is not their last way to sign in.
      prepare: async ({ actor }) => {
        if (actor) {
          await withKnownPassword(actor);
          await t.prisma.oAuthIdentity.deleteMany({ where: { userId: actor.id, provider: 'github' } });
          await t.prisma.oAuthIdentity.create({
            data: { userId: actor.id, provider: 'github', providerUserId: `gh-${actor.id}-${Date.now()}` },
          });
        }
        return { method: 'DELETE', path: '/api/auth/identities/github' };
      },
      expected: signedIn(204),
    },
  ],
  'GET /api/auth/account/export': [
    { prepare: fixed('GET', '/api/auth/account/export'), expected: signedIn(200) },
  ],
  'DELETE /api/auth/account': [
    {
      prepare: async ({ actor }) => {
        if (actor) await withKnownPassword(actor);
        return { method: 'DELETE', path: '/api/auth/account', body: { password: KNOWN_PASSWORD } };
      },
      expected: signedIn(204),
      freshCallers: true,
    },
  ],
  'GET /api/auth/sessions': [{ prepare: fixed('GET', '/api/auth/sessions'), expected: signedIn(200) }],
  'DELETE /api/auth/sessions/{id}': [
    {
      prepare: async ({ owner }) => {
        const session = await t.prisma.session.create({
          data: {
            userId: owner.id,
            tokenHash: randomBytes(32).toString('hex'),
            expiresAt: new Date(Date.now() + 3_600_000),
            credentialsEpoch: owner.credentialsChangedAt,
          },
        });
        return { method: 'DELETE', path: `/api/auth/sessions/${session.id}` };
      },
      expected: ownerOnly(204),
      codes: { 404: 'session_not_found' },
    },
  ],
  'POST /api/admin/api-keys': [
    { prepare: fixed('POST', '/api/admin/api-keys', { name: 'Matrix' }), expected: adminOnly(201) },
  ],
  'GET /api/admin/api-keys': [{ prepare: fixed('GET', '/api/admin/api-keys'), expected: adminOnly(200) }],
  'DELETE /api/admin/api-keys/{id}': [
    {
      prepare: async () => {
        const key = await t.prisma.apiKey.create({
          data: {
            name: 'Matrix',
            prefix: `m${Math.random().toString(16).slice(2, 13)}`,
            keyHash: 'x'.repeat(64),
          },
        });
        return { method: 'DELETE', path: `/api/admin/api-keys/${key.id}` };
      },
      expected: adminOnly(204),
    },
  ],
  'GET /api/admin/users': [{ prepare: fixed('GET', '/api/admin/users'), expected: adminOnly(200) }],
  'PATCH /api/admin/users/{id}': [
    {
      prepare: async ({ owner }) => ({
        method: 'PATCH',
        path: `/api/admin/users/${owner.id}`,
        body: { role: 'moderator' },
      }),
      expected: adminOnly(200),
    },
  ],
  ...postRows(1),
  ...postRows(2),
  ...commentRows(1),
  ...commentRows(2),
  ...moderationRows(),
  'POST /api/uploads': [
    {
      prepare: async () => ({
        method: 'POST',
        path: '/api/uploads',
        send: async (headers) => {
          const response = await fetch(`${t.baseUrl}/api/uploads`, {
            method: 'POST',
            headers,
            body: (() => {
              const form = new FormData();
              form.append('files', new Blob([new Uint8Array(pngBytes())], { type: 'image/png' }), 'a.png');
              return form;
            })(),
          });
          return { status: response.status, body: await response.json() };
        },
      }),
      expected: signedIn(201),
    },
  ],
  'GET /api/uploads': [{ prepare: fixed('GET', '/api/uploads'), expected: signedIn(200) }],
  'POST /api/uploads/presign': [
    {
      prepare: fixed('POST', '/api/uploads/presign', {
        filename: 'matrix.png',
        content_type: 'image/png',
        size: pngBytes().length,
      }),
      expected: signedIn(201),
    },
  ],
  'POST /api/uploads/{id}/complete': [
    {
      prepare: async ({ owner }) => ({
        method: 'POST',
        path: `/api/uploads/${await presignedUpload(owner, false)}/complete`,
      }),
      expected: ownerOnly(200),
    },
  ],
  'DELETE /api/uploads/{id}': [
    {
      prepare: async ({ owner }) => ({
        method: 'DELETE',
        path: `/api/uploads/${await presignedUpload(owner, true)}`,
      }),
      expected: ownerOnly(204),
    },
  ],
  'POST /api/products': [
    {
      prepare: fixed('POST', '/api/products', { name: 'Matrix mug', price_cents: 900 }),
      expected: adminOnly(201),
    },
  ],
  'GET /api/cart': [{ prepare: fixed('GET', '/api/cart'), expected: signedIn(200) }],
  'POST /api/cart/items': [
    {
      prepare: async () => {
        const product = await buildProduct(t.prisma);
        return { method: 'POST', path: '/api/cart/items', body: { product_id: product.id } };
      },
      expected: signedIn(200),
    },
  ],
  ...Object.fromEntries(
    (['PATCH', 'DELETE'] as const).map((method) => [
      `${method} /api/cart/items/{product_id}`,
      [
        {
          // The item is in the caller's own cart: a cart has no other owner.
          prepare: async ({ actor }: { actor?: User }) => {
            const product = await buildProduct(t.prisma);
            if (actor) await buildCartItem(t.prisma, { userId: actor.id, productId: product.id });
            const body = method === 'PATCH' ? { quantity: 2 } : undefined;
            return { method, path: `/api/cart/items/${product.id}`, body };
          },
          expected: signedIn(200),
        },
      ],
    ]),
  ),
  'POST /api/orders': [
    {
      prepare: async ({ actor }) => {
        if (actor) await buildCartItem(t.prisma, { userId: actor.id });
        return { method: 'POST', path: '/api/orders' };
      },
      expected: signedIn(201),
    },
  ],
  'GET /api/orders': [{ prepare: fixed('GET', '/api/orders'), expected: signedIn(200) }],
  'GET /api/orders/{id}': [
    {
      prepare: async ({ owner }) => {
        await buildCartItem(t.prisma, { userId: owner.id });
        const order = await t.http.post('/api/orders', {}, await as(owner));
        expect(order.status).toBe(201);
        return { method: 'GET', path: `/api/orders/${order.body.id}` };
      },
      expected: ownerOnly(200),
    },
  ],
  'POST /api/search/jobs': [
    { prepare: fixed('POST', '/api/search/jobs', { query: 'matrix' }), expected: signedIn(202) },
  ],
  'GET /api/jobs/{id}': [
    {
      prepare: async ({ owner }) => {
        const started = await t.http.post('/api/search/jobs', { query: 'mine' }, await as(owner));
        expect(started.status).toBe(202);
        return { method: 'GET', path: `/api/jobs/${started.body.id}` };
      },
      expected: ownerOnly(200),
    },
  ],
  'POST /api/topics': [{ prepare: fixed('POST', '/api/topics', { members: [] }), expected: signedIn(201) }],
  'GET /api/topics': [{ prepare: fixed('GET', '/api/topics'), expected: signedIn(200) }],
  // Private topics: members and admins; everyone else is told the topic does not exist.
  'GET /api/topics/{topic}': [
    {
      prepare: async ({ owner }) => ({ method: 'GET', path: `/api/topics/${await privateTopic(owner)}` }),
      expected: { anonymous: 401, user: 404, moderator: 404, admin: 200, owner: 200 },
    },
  ],
  'PUT /api/topics/{topic}/members/{userId}': [
    {
      prepare: async ({ owner }) => {
        const newcomer = await buildUser(t.prisma);
        return { method: 'PUT', path: `/api/topics/${await privateTopic(owner)}/members/${newcomer.id}` };
      },
      expected: { anonymous: 401, user: 404, moderator: 404, admin: 204, owner: 204 },
    },
  ],
  'DELETE /api/topics/{topic}/members/{userId}': [
    {
      variant: 'another member',
      prepare: async ({ owner }) => {
        const member = await buildUser(t.prisma);
        const topic = await privateTopic(owner, [member.id]);
        return { method: 'DELETE', path: `/api/topics/${topic}/members/${member.id}` };
      },
      // Members remove only themselves; an admin removes anyone.
      expected: { anonymous: 401, user: 404, moderator: 404, admin: 204, owner: 403 },
    },
    {
      variant: 'oneself',
      prepare: async ({ owner }) => ({
        method: 'DELETE',
        path: `/api/topics/${await privateTopic(owner)}/members/${owner.id}`,
      }),
      expected: { anonymous: 401, user: 404, moderator: 404, admin: 204, owner: 204 },
    },
  ],
};

const cases = Object.entries(matrix).flatMap(([route, rows]) =>
  typeof rows === 'string'
    ? []
    : rows.flatMap((row) =>
        (Object.entries(row.expected) as [Caller, number][]).map(([caller, status]) => ({
          ...row,
          label: row.variant ? `${route} (${row.variant})` : route,
          caller,
          status,
        })),
      ),
);

describe('Role matrix: who may call which route', () => {
  let callers: Record<Exclude<Caller, 'anonymous' | 'owner'>, User>;

  beforeAll(async () => {
    storage = await localDiskBackend();
    t = await startTestApp({ env: storage.env });
    const cast = await buildCast(t.prisma);
    callers = { user: cast.stranger, moderator: cast.moderator, admin: cast.admin };
  });
  afterAll(async () => {
    await t.close();
    await storage.close();
  });

  it('has an entry for every route of the OpenAPI document, and none for a route that is gone', async () => {
    const document = (await t.http.get<OpenApiDocument>('/api/docs-json')).body;
    const routes = routesOf(document).map(describeRoute).sort();
    expect(routes.filter((route) => !(route in matrix))).toEqual([]);
    expect(Object.keys(matrix).filter((route) => !routes.includes(route))).toEqual([]);
  });

  it.each(cases)('$label as $caller → $status', async ({ prepare, caller, status, codes, freshCallers }) => {
    const owner = await buildUser(t.prisma);
    const actor =
      caller === 'owner'
        ? owner
        : caller === 'anonymous'
          ? undefined
          : freshCallers
            ? await buildUser(t.prisma, { role: caller })
            : callers[caller];
    const call = await prepare({ owner, actor });
    const headers = actor ? await authHeadersFor(t, actor) : {};
    const response = call.send
      ? await call.send(headers)
      : await t.http.request(call.method, call.path, { headers, body: call.body });
    expect({ status: response.status, code: response.body?.error?.code }).toEqual({
      status,
      code: codes?.[status] ?? ERROR_CODES[status],
    });
  });
});

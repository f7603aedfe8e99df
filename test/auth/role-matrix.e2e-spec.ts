import type { User } from '../../src/generated/prisma/client.js';
import { authHeadersFor } from '../support/auth.js';
import { buildComment, buildPost, buildProduct, buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Every protected route of the API, called as each kind of caller. One row per route: `prepare` builds what
// the call needs (fresh for every caller, so a DELETE by one caller does not affect the next) and `expected`
// lists the status for each caller; `owner` is present for routes about a resource that has an owner.
// Add a row here whenever a feature adds a route.

type Caller = 'anonymous' | 'user' | 'moderator' | 'admin' | 'owner';

interface Call {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
}

interface Row {
  route: string;
  prepare: (owner: User) => Promise<Call>;
  expected: Partial<Record<Caller, number>> & Record<Exclude<Caller, 'owner'>, number>;
}

let t: TestApp;

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
const ownerModeratorAdmin = (status: number) => ({
  anonymous: 401,
  user: 403,
  moderator: status,
  admin: status,
  owner: status,
});

const commentRows = (version: 1 | 2): Row[] => [
  {
    route: `GET /api/v${version}/posts/:id/comments (of a draft)`,
    prepare: async (owner) => {
      const post = await buildPost(t.prisma, { authorId: owner.id, published: false });
      return { method: 'GET', path: `/api/v${version}/posts/${post.id}/comments` };
    },
    expected: { anonymous: 404, user: 404, moderator: 200, admin: 200, owner: 200 },
  },
  {
    route: `POST /api/v${version}/posts/:id/comments`,
    prepare: async () => {
      const post = await buildPost(t.prisma);
      return { method: 'POST', path: `/api/v${version}/posts/${post.id}/comments`, body: { body: 'Row' } };
    },
    expected: signedIn(201),
  },
  {
    route: `PATCH /api/v${version}/comments/:id`,
    prepare: async (owner) => {
      const comment = await buildComment(t.prisma, { authorId: owner.id });
      return { method: 'PATCH', path: `/api/v${version}/comments/${comment.id}`, body: { body: 'Edited' } };
    },
    expected: { anonymous: 401, user: 403, moderator: 403, admin: 403, owner: 200 },
  },
  {
    route: `DELETE /api/v${version}/comments/:id`,
    prepare: async (owner) => {
      const comment = await buildComment(t.prisma, { authorId: owner.id });
      return { method: 'DELETE', path: `/api/v${version}/comments/${comment.id}` };
    },
    expected: ownerModeratorAdmin(204),
  },
];

const postRows = (version: 1 | 2): Row[] => [
  {
    route: `POST /api/v${version}/posts`,
    prepare: fixed('POST', `/api/v${version}/posts`, { title: 'Matrix', body: 'Row' }),
    expected: signedIn(201),
  },
  {
    route: `GET /api/v${version}/posts/:id (a draft)`,
    prepare: async (owner) => {
      const post = await buildPost(t.prisma, { authorId: owner.id, published: false });
      return { method: 'GET', path: `/api/v${version}/posts/${post.id}` };
    },
    expected: { anonymous: 404, user: 404, moderator: 200, admin: 200, owner: 200 },
  },
  {
    route: `PATCH /api/v${version}/posts/:id`,
    prepare: async (owner) => {
      const post = await buildPost(t.prisma, { authorId: owner.id });
      return { method: 'PATCH', path: `/api/v${version}/posts/${post.id}`, body: { title: 'Edited' } };
    },
    expected: ownerModeratorAdmin(200),
  },
  {
    route: `DELETE /api/v${version}/posts/:id`,
    prepare: async (owner) => {
      const post = await buildPost(t.prisma, { authorId: owner.id });
      return { method: 'DELETE', path: `/api/v${version}/posts/${post.id}` };
    },
    expected: ownerModeratorAdmin(204),
  },
  {
    route: `POST /api/v${version}/posts/:id/like`,
    prepare: async (owner) => {
      const post = await buildPost(t.prisma, { authorId: owner.id });
      return { method: 'POST', path: `/api/v${version}/posts/${post.id}/like` };
    },
    expected: signedIn(200),
  },
  {
    route: `DELETE /api/v${version}/posts/:id/like`,
    prepare: async (owner) => {
      const post = await buildPost(t.prisma, { authorId: owner.id });
      return { method: 'DELETE', path: `/api/v${version}/posts/${post.id}/like` };
    },
    expected: signedIn(200),
  },
];

const moderatorAdmin = (status: number) => ({
  anonymous: 401,
  user: 403,
  moderator: status,
  admin: status,
  owner: 403,
});

// What unhide has to undo (hiding itself is tested in test/moderation).
const hideRow = (
  table: { update(args: { where: { id: number }; data: object }): Promise<unknown> },
  id: number,
) => table.update({ where: { id }, data: { hiddenAt: new Date(), hiddenReason: 'Matrix' } });

const moderationRows = (): Row[] => [
  ...(['hide', 'unhide'] as const).flatMap((action): Row[] => [
    {
      route: `POST /api/v2/moderation/posts/:id/${action}`,
      prepare: async (owner) => {
        const post = await buildPost(t.prisma, { authorId: owner.id });
        if (action === 'unhide') await hideRow(t.prisma.post, post.id);
        return {
          method: 'POST',
          path: `/api/v2/moderation/posts/${post.id}/${action}`,
          body: { reason: 'Matrix' },
        };
      },
      // Authors cannot moderate their own posts.
      expected: moderatorAdmin(204),
    },
    {
      route: `POST /api/v2/moderation/comments/:id/${action}`,
      prepare: async (owner) => {
        const comment = await buildComment(t.prisma, { authorId: owner.id });
        if (action === 'unhide') await hideRow(t.prisma.comment, comment.id);
        return {
          method: 'POST',
          path: `/api/v2/moderation/comments/${comment.id}/${action}`,
          body: { reason: 'Matrix' },
        };
      },
      expected: moderatorAdmin(204),
    },
  ]),
  {
    route: 'GET /api/v2/moderation/log',
    prepare: fixed('GET', '/api/v2/moderation/log'),
    expected: { anonymous: 401, user: 403, moderator: 200, admin: 200 },
  },
  {
    route: 'POST /api/v2/reports',
    prepare: async (owner) => {
      const post = await buildPost(t.prisma, { authorId: owner.id });
      return {
        method: 'POST',
        path: '/api/v2/reports',
        body: { target_type: 'post', target_id: post.id, reason: 'Matrix' },
      };
    },
    expected: { ...signedIn(201), owner: 201 },
  },
  {
    route: 'GET /api/v2/moderation/reports',
    prepare: fixed('GET', '/api/v2/moderation/reports?status=open'),
    expected: { anonymous: 401, user: 403, moderator: 200, admin: 200 },
  },
  {
    route: 'POST /api/v2/moderation/reports/:id/resolve',
    prepare: async (owner) => {
      const post = await buildPost(t.prisma);
      const report = await t.prisma.report.create({
        data: { reporterId: owner.id, targetType: 'post', targetId: post.id, reason: 'Matrix' },
      });
      return {
        method: 'POST',
        path: `/api/v2/moderation/reports/${report.id}/resolve`,
        body: { action: 'dismiss' },
      };
    },
    // The reporter (owner) cannot resolve their own report.
    expected: moderatorAdmin(200),
  },
];

const rows: Row[] = [
  { route: 'GET /api/auth/me', prepare: fixed('GET', '/api/auth/me'), expected: signedIn(200) },
  {
    route: 'GET /api/auth/socket-token',
    prepare: fixed('GET', '/api/auth/socket-token'),
    expected: signedIn(200),
  },
  {
    route: 'POST /api/auth/logout-all',
    prepare: fixed('POST', '/api/auth/logout-all'),
    expected: signedIn(204),
  },
  {
    route: 'POST /api/auth/email/confirm/resend',
    prepare: fixed('POST', '/api/auth/email/confirm/resend'),
    expected: signedIn(202),
  },
  {
    route: 'POST /api/auth/logout',
    prepare: fixed('POST', '/api/auth/logout'),
    expected: { anonymous: 204, user: 204, moderator: 204, admin: 204 },
  },
  ...postRows(1),
  ...postRows(2),
  ...commentRows(1),
  ...commentRows(2),
  {
    route: 'POST /api/products',
    prepare: fixed('POST', '/api/products', { name: 'Matrix mug', price_cents: 900 }),
    expected: { anonymous: 401, user: 403, moderator: 403, admin: 201 },
  },
  { route: 'GET /api/cart', prepare: fixed('GET', '/api/cart'), expected: signedIn(200) },
  {
    route: 'POST /api/cart/items',
    prepare: async () => {
      const product = await buildProduct(t.prisma);
      return { method: 'POST', path: '/api/cart/items', body: { product_id: product.id } };
    },
    expected: signedIn(200),
  },
  { route: 'GET /api/orders', prepare: fixed('GET', '/api/orders'), expected: signedIn(200) },
  {
    route: 'POST /api/search/jobs',
    prepare: fixed('POST', '/api/search/jobs', { query: 'matrix' }),
    expected: signedIn(202),
  },
  {
    route: 'GET /api/jobs/:id',
    prepare: async (owner) => {
      const started = await t.http.post(
        '/api/search/jobs',
        { query: 'mine' },
        { headers: await authHeadersFor(t, owner) },
      );
      expect(started.status).toBe(202);
      return { method: 'GET', path: `/api/jobs/${started.body.id}` };
    },
    // Jobs are private to their owner: others are told they do not exist.
    expected: { anonymous: 401, user: 404, moderator: 404, admin: 404, owner: 200 },
  },
  { route: 'GET /api/uploads', prepare: fixed('GET', '/api/uploads'), expected: signedIn(200) },
  ...moderationRows(),
];

const cases = rows.flatMap((row) =>
  (Object.entries(row.expected) as [Caller, number][]).map(([caller, status]) => ({
    ...row,
    caller,
    status,
  })),
);

describe('Role matrix: who may call which protected route', () => {
  const callers = {} as Record<Exclude<Caller, 'anonymous' | 'owner'>, User>;

  beforeAll(async () => {
    t = await startTestApp();
    callers.user = await buildUser(t.prisma, { role: 'user' });
    callers.moderator = await buildUser(t.prisma, { role: 'moderator' });
    callers.admin = await buildUser(t.prisma, { role: 'admin' });
  });
  afterAll(() => t.close());

  it.each(cases)('$route as $caller → $status', async ({ prepare, caller, status }) => {
    const owner = await buildUser(t.prisma);
    const call = await prepare(owner);
    const actor = caller === 'owner' ? owner : caller === 'anonymous' ? undefined : callers[caller];
    const headers = actor ? await authHeadersFor(t, actor) : {};
    const response = await t.http.request(call.method, call.path, { headers, body: call.body });
    expect({ status: response.status, code: response.body?.error?.code }).toEqual({
      status,
      code: ERROR_CODES[status],
    });
  });
});

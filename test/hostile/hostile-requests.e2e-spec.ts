import fc from 'fast-check';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { User } from '../../src/generated/prisma/client.js';
import { authHeadersFor } from '../support/auth.js';
import { buildCartItem, buildComment, buildPost, buildProduct, buildUser } from '../support/factories.js';
import type { HttpResponse } from '../support/http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import {
  changedTables,
  type DatabaseFingerprint,
  fingerprint,
  fingerprintQuery,
} from './support/database-fingerprint.js';
import {
  type BodyPlan,
  bodyMustBeRefused,
  bodyPlanFor,
  buildPayload,
  HOSTILE_PATH_VALUES,
  hostileHeaders,
  type HostileHeaders,
  hostilePathValue,
  OVERLONG_NUMBERS,
  queryFor,
  UNICODE_EDGE_CASES,
} from './support/hostile-values.js';
import { type ApiRoute, type OpenApiDocument, routesOf } from './support/openapi-routes.js';
import { assertErrorContract } from './support/response-contract.js';

/**
 * Proof under pressure: every route of the OpenAPI document, driven with what a hostile or broken client sends
 * (malformed JSON, wrong types, 100 kB strings, 50 000 levels of nesting, lone surrogates and NUL, bodies over
 * the limit, garbage credentials and headers), anonymously and signed in. Whatever comes in, the answer is the
 * route's normal success or a documented 4xx in the one JSON error shape, never a 5xx or an internal detail, and
 * a refused request leaves every table as it was. The shared HttpClient also checks every answer against
 * openapi.json (test/support/openapi-contract.ts): a 4xx the document does not list for that operation, or a
 * code its status does not list, fails the property like a 5xx would.
 *
 * Fixed seeds make runs repeatable; fast-check prints the seed and the failing request on failure
 * (HOSTILE_SEED=<n> replays another seed; HOSTILE_RUNS=<n> sets the runs per area, for a longer hunt).
 */

type Identity = 'anonymous' | 'user' | 'admin';

interface HostileRequest {
  route: ApiRoute;
  identity: Identity;
  /** Percent-encoded path segments, one per path parameter. */
  pathValues: string[];
  query: string;
  body: BodyPlan;
  headers: HostileHeaders;
  /** Posts only: `/api/posts/...` (version picked by Accept) instead of `/api/v1|v2/posts/...`. */
  headerVersioned: boolean;
}

// Routes that are not request/response, each answered elsewhere:
// - GET /api/v2/posts/events is a Server-Sent Events stream that never ends (test/realtime/post-events-sse);
//   a property would wait on it forever.
// - OAuth start and callback routes redirect to the providers: only "< 500" is asserted, in their own test.
// socket.io is not part of the OpenAPI document.
/** Every area of the API this file drives; a new controller must be added here (the first test checks). */
const ROUTE_FAMILIES = [
  'health',
  'auth',
  'admin',
  'posts-v1',
  'posts-v2',
  'post-likes',
  'comments',
  'uploads',
  'shop',
  'jobs',
  'topics',
  'moderation',
];
const STREAMING_FAMILIES = new Set(['post-events']);
const OAUTH_FAMILY = 'oauth';

const SEED = Number(process.env.HOSTILE_SEED ?? 20_240_917);
const RUNS = process.env.HOSTILE_RUNS ? Number(process.env.HOSTILE_RUNS) : undefined;
const REQUEST_TIMEOUT_MS = 15_000;
// A sweep sends its requests one after another over every route of the document, so it grows with the API
// (hundreds of requests): its hang guard is wider than Jest's default per test. Each request keeps its own.
const SWEEP_TIMEOUT_MS = 300_000;

describe('Hostile requests on every documented route', () => {
  let t: TestApp;
  let storageDir: string;
  let routes: ApiRoute[];
  let signedIn: Record<Exclude<Identity, 'anonymous'>, User>;
  let bearer: Record<Exclude<Identity, 'anonymous'>, Record<string, string>>;
  let validIds: (route: ApiRoute, param: string) => string[];
  let snapshotQuery: string;
  /** The fingerprint after the last refused request, when nothing was accepted since (saves a query). */
  let lastFingerprint: DatabaseFingerprint | undefined;
  const tally = { requests: 0, refused: 0, accepted: 0 };

  beforeAll(async () => {
    storageDir = await mkdtemp(join(tmpdir(), 'hearth-hostile-'));
    t = await startTestApp({
      env: {
        // The budgets of the rate limiter and of brute-force protection would turn most of the run into 429s
        // (a documented answer, but one that stops the rest of the request from being exercised).
        RATE_LIMIT_USER: '100000000',
        RATE_LIMIT_ANONYMOUS: '100000000',
        COMMENT_CREATE_LIMIT: '100000000',
        AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT: '100000000',
        AUTH_LOGIN_MAX_FAILURES_PER_IP: '100000000',
        AUTH_FORGOT_MAX_PER_ACCOUNT: '100000000',
        AUTH_FORGOT_MAX_PER_IP: '100000000',
        STORAGE_DRIVER: 'local',
        STORAGE_LOCAL_DIR: storageDir,
        // No background deletes of expired uploads while tables are compared.
        UPLOAD_SWEEP_INTERVAL_SECONDS: '0',
        // Providers configured (so the routes are live) at a closed local port: nothing leaves the machine.
        GOOGLE_CLIENT_ID: 'hostile-google',
        GOOGLE_CLIENT_SECRET: 'hostile-google-secret',
        GOOGLE_AUTHORIZATION_URL: 'http://127.0.0.1:9/authorize',
        GOOGLE_TOKEN_URL: 'http://127.0.0.1:9/token',
        GOOGLE_USERINFO_URL: 'http://127.0.0.1:9/userinfo',
        GITHUB_CLIENT_ID: 'hostile-github',
        GITHUB_CLIENT_SECRET: 'hostile-github-secret',
        GITHUB_AUTHORIZATION_URL: 'http://127.0.0.1:9/authorize',
        GITHUB_TOKEN_URL: 'http://127.0.0.1:9/token',
        GITHUB_USER_URL: 'http://127.0.0.1:9/user',
        GITHUB_EMAILS_URL: 'http://127.0.0.1:9/emails',
      },
    });
    const document = (await t.http.get<OpenApiDocument>('/api/docs-json')).body;
    routes = routesOf(document);

    // Rows for the valid ids: a signed-in user's own post, draft, upload, job, order, cart line and topic.
    const user = await buildUser(t.prisma);
    const admin = await buildUser(t.prisma, { role: 'admin' });
    const other = await buildUser(t.prisma);
    signedIn = { user, admin };
    bearer = { user: await authHeadersFor(t, user), admin: await authHeadersFor(t, admin) };
    const posts = await Promise.all([
      buildPost(t.prisma, { authorId: user.id }),
      buildPost(t.prisma, { authorId: user.id, published: false }),
      buildPost(t.prisma, { authorId: other.id }),
      buildPost(t.prisma, { authorId: user.id }),
    ]);
    const comments = await Promise.all([
      buildComment(t.prisma, { postId: posts[0].id, authorId: user.id }),
      buildComment(t.prisma, { postId: posts[2].id, authorId: other.id }),
    ]);
    const product = await buildProduct(t.prisma);
    await buildCartItem(t.prisma, { userId: user.id, productId: product.id });
    const order = await t.prisma.order.create({
      data: { userId: user.id, status: 'paid', amountCents: 1_000 },
    });
    const upload = await t.prisma.upload.create({
      data: { ownerId: user.id, key: 'hostile/a.png', name: 'a.png', contentType: 'image/png', size: 8 },
    });
    const pending = await t.prisma.upload.create({
      data: {
        ownerId: user.id,
        key: 'hostile/b.png',
        name: 'b.png',
        contentType: 'image/png',
        size: 8,
        status: 'pending',
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    });
    const job = await t.prisma.job.create({
      data: {
        ownerId: user.id,
        kind: 'search_posts',
        status: 'ok',
        input: { query: 'x' },
        result: { posts: [] },
      },
    });
    const apiKey = await t.http.post('/api/admin/api-keys', { name: 'hostile' }, { headers: bearer.admin });
    const report = await t.prisma.report.create({
      data: { reporterId: other.id, targetType: 'post', targetId: posts[2].id, reason: 'hostile' },
    });
    const topic = await t.http.post('/api/topics', { members: [other.id] }, { headers: bearer.user });
    expect([apiKey.status, topic.status]).toEqual([201, 201]);

    const userIds = (users: User[]) => users.map((u) => String(u.id));
    validIds = (route, param) => {
      if (param === 'product_id') return [String(product.id)];
      if (param === 'userId') return userIds([other, user]);
      if (param === 'topic') return [encodeURIComponent(topic.body.topic as string)];
      if (route.template.startsWith('/api/admin/api-keys')) return [String(apiKey.body.id)];
      if (route.template.startsWith('/api/admin/users')) return userIds([other, user]);
      if (route.template.startsWith('/api/uploads')) return [upload.id, pending.id];
      if (route.template.startsWith('/api/orders')) return [String(order.id)];
      if (route.template.startsWith('/api/jobs')) return [job.id];
      if (/^\/api\/v\d\/comments/.test(route.template)) return comments.map((comment) => String(comment.id));
      if (/^\/api\/v\d\/(moderation\/)?posts/.test(route.template))
        return posts.map((post) => String(post.id));
      if (route.template.startsWith('/api/v2/moderation/comments')) return comments.map((c) => String(c.id));
      if (route.template.startsWith('/api/v2/moderation/reports')) return [String(report.id)];
      return ['1'];
    };
    snapshotQuery = await fingerprintQuery(t.prisma);
  });

  afterAll(async () => {
    console.info(`hostile requests: ${JSON.stringify(tally)}`);
    await t?.close();
    if (storageDir) await rm(storageDir, { recursive: true, force: true });
  });

  const drivenRoutes = () =>
    routes.filter((route) => !STREAMING_FAMILIES.has(route.family) && route.family !== OAUTH_FAMILY);

  function urlOf(request: HostileRequest): string {
    let path = request.route.template;
    request.route.pathParams.forEach((param, i) => {
      path = path.replace(`{${param}}`, request.pathValues[i]!);
    });
    if (request.headerVersioned) path = path.replace(/^\/api\/v\d\/posts/, '/api/posts');
    return path + request.query;
  }

  function describeRequest(request: HostileRequest, url: string): string {
    const body = JSON.stringify(request.body, (_key, value: unknown) =>
      typeof value === 'string' && value.length > 80
        ? `${value.slice(0, 40)}…(${value.length} chars)`
        : value,
    );
    const headers = Object.entries(request.headers)
      .map(([name, value]) => `${name}: ${JSON.stringify(String(value).slice(0, 60))}`)
      .join('; ');
    return `${request.route.method} ${url.slice(0, 300)} as ${request.identity}, body ${body}, headers {${headers}}`;
  }

  async function send(request: HostileRequest, url: string): Promise<HttpResponse> {
    const payload = buildPayload(request.route, request.body, t.config.http.bodyLimitBytes);
    const headers: Record<string, string> = {
      ...(request.identity === 'anonymous' ? {} : bearer[request.identity]),
      ...(payload ? { 'content-type': payload.contentType } : {}),
    };
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers[name] = value;
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)),
        REQUEST_TIMEOUT_MS,
      );
    });
    try {
      return await Promise.race([
        t.http.request(request.route.method, url, { headers, rawBody: payload?.bytes }),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** A request that is hostile only in its body (or path values): no query, no extra headers. */
  function plainRequest(
    route: HostileRequest['route'],
    identity: HostileRequest['identity'],
    pathValues: HostileRequest['pathValues'],
    body: HostileRequest['body'],
  ): HostileRequest {
    return { route, identity, pathValues, query: '', body, headers: {}, headerVersioned: false };
  }

  /** Sends one hostile request and checks every property; throws (naming the request) when one breaks. */
  async function exercise(request: HostileRequest): Promise<void> {
    const url = urlOf(request);
    const what = describeRequest(request, url);
    const before = lastFingerprint ?? (await fingerprint(t.prisma, snapshotQuery));
    lastFingerprint = undefined; // set again only once this request is known to have changed nothing
    let response: HttpResponse;
    try {
      response = await send(request, url);
    } catch (error) {
      throw new Error(`${what}\n  → no HTTP answer: ${(error as Error).message}`);
    }
    tally.requests++;
    const { route } = request;
    if (!response.headers['x-request-id']) {
      throw new Error(`${what}\n  → ${response.status} without X-Request-Id`);
    }

    if (response.status < 400) {
      tally.accepted++;
      // An accepted logout-all ends every token issued before it: sign in again, or the rest of the run would be
      // anonymous.
      if (route.template === '/api/auth/logout-all' && request.identity !== 'anonymous') {
        bearer[request.identity] = await authHeadersFor(t, signedIn[request.identity]);
      }
      const overridden = request.headers['content-type'] !== undefined || request.headers['content-encoding'];
      if (bodyMustBeRefused(route, request.body) && !overridden) {
        throw new Error(`${what}\n  → ${response.status}: accepted a body that cannot be valid`);
      }
      const expected = new Set(route.successStatuses);
      if (route.method === 'GET' && request.headers['if-none-match'] !== undefined) expected.add(304);
      if (!expected.has(response.status)) {
        throw new Error(
          `${what}\n  → ${response.status}: not a documented status (${[...expected].join(', ')})`,
        );
      }
      return;
    }

    tally.refused++;
    assertErrorContract(what, response);
    const after = await fingerprint(t.prisma, snapshotQuery);
    // A declined payment is refused (402) and recorded by design: the failed order and its payment are kept.
    const changed = response.status === 402 ? [] : changedTables(before, after);
    if (changed.length > 0) {
      throw new Error(`${what}\n  → ${response.status}, yet these tables changed: ${changed.join(', ')}`);
    }
    lastFingerprint = after;
  }

  function requestsFor(family: ApiRoute[]): fc.Arbitrary<HostileRequest> {
    return fc.constantFrom(...family).chain((route) =>
      fc.record({
        route: fc.constant(route),
        identity: fc.constantFrom<Identity>('anonymous', 'user', 'admin'),
        pathValues: fc.tuple(
          ...route.pathParams.map((param) =>
            fc.oneof(fc.constantFrom(...validIds(route, param)), hostilePathValue),
          ),
        ),
        query: fc.oneof(fc.constant(''), queryFor(route)),
        body: bodyPlanFor(route),
        headers: fc.oneof(fc.constant<HostileHeaders>({}), hostileHeaders),
        headerVersioned: /^posts-v\d$|^post-likes$|^comments$/.test(route.family)
          ? fc.boolean()
          : fc.constant(false),
      }),
    );
  }

  it('drives every route of the OpenAPI document (except the SSE stream and the OAuth redirects)', () => {
    const families = new Set(drivenRoutes().map((route) => route.family));
    expect(routes.length).toBeGreaterThan(40);
    expect(families).toEqual(new Set(ROUTE_FAMILIES));
  });

  describe.each(ROUTE_FAMILIES)('%s', (family) => {
    it('answers a success or a documented 4xx in the error shape, never a 5xx, and refusals write nothing', async () => {
      const familyRoutes = drivenRoutes().filter((route) => route.family === family);
      expect(familyRoutes.length).toBeGreaterThan(0);
      await fc.assert(
        fc.asyncProperty(requestsFor(familyRoutes), (request) => exercise(request)),
        {
          seed: SEED + family.length * 7919 + family.charCodeAt(0),
          numRuns: RUNS ?? Math.min(60, Math.max(25, familyRoutes.length * 6)),
          // Each run talks to one live server whose state moves on: shrinking would replay against another state.
          endOnFailure: true,
        },
      );
    });
  });

  it(
    'every route refuses each kind of broken body, anonymously and signed in',
    async () => {
      const failures: string[] = [];
      for (const route of drivenRoutes()) {
        const pathValues = route.pathParams.map((param) => validIds(route, param)[0]!);
        const plans = fc.sample(bodyPlanFor(route), { numRuns: 200, seed: SEED });
        const oneOfEachKind = [...new Map(plans.map((plan) => [plan.kind, plan])).values()]
          // Run the plans that may be accepted (and change fixtures, e.g. a DELETE) after the ones that may not.
          .sort((a, b) => Number(a.kind === 'none') - Number(b.kind === 'none'));
        for (const identity of ['anonymous', 'user'] as const) {
          for (const body of oneOfEachKind) {
            await exercise(plainRequest(route, identity, pathValues, body)).catch((error: Error) =>
              failures.push(error.message),
            );
          }
        }
      }
      expect(failures).toEqual([]);
    },
    SWEEP_TIMEOUT_MS,
  );

  it(
    'every documented body takes each unicode edge case and overlong number without a 5xx',
    async () => {
      const failures: string[] = [];
      const withBodies = drivenRoutes().filter(
        (route) => route.jsonBody && Object.keys(route.jsonBody).length > 0,
      );
      for (const route of withBodies) {
        const pathValues = route.pathParams.map((param) => validIds(route, param)[0]!);
        // Each edge case with numbers that are valid (so the strings can reach the database), then each overlong
        // number with a plain string.
        const types = new Set(Object.values(route.jsonBody!).map((field) => field.type));
        const plans: BodyPlan[] = [
          ...(types.has('string')
            ? UNICODE_EDGE_CASES.map((text): BodyPlan => ({ kind: 'unicode', text, number: '1' }))
            : []),
          ...(types.has('number') || types.has('integer') || types.has('array')
            ? OVERLONG_NUMBERS.map((number): BodyPlan => ({ kind: 'unicode', text: 'plain text', number }))
            : []),
        ];
        for (const body of plans) {
          // As admin, so that role checks pass and the values reach validation and the database.
          await exercise(plainRequest(route, 'admin', pathValues, body)).catch((error: Error) =>
            failures.push(error.message),
          );
        }
      }
      expect(failures).toEqual([]);
    },
    SWEEP_TIMEOUT_MS,
  );

  it(
    'every path parameter refuses hostile values with a 4xx (400 or 404), never a 5xx',
    async () => {
      const failures: string[] = [];
      for (const route of drivenRoutes().filter((candidate) => candidate.pathParams.length > 0)) {
        for (const [index] of route.pathParams.entries()) {
          for (const value of HOSTILE_PATH_VALUES) {
            const pathValues = route.pathParams.map((param, i) =>
              i === index ? value : validIds(route, param)[0]!,
            );
            await exercise(plainRequest(route, 'user', pathValues, { kind: 'none' })).catch((error: Error) =>
              failures.push(error.message),
            );
          }
        }
      }
      expect(failures).toEqual([]);
    },
    SWEEP_TIMEOUT_MS,
  );

  it('OAuth routes answer below 500 to garbage, without being followed to the provider', async () => {
    const oauth = routes.filter((route) => route.family === OAUTH_FAMILY);
    expect(oauth).toHaveLength(4);
    const samples = fc.sample(hostileHeaders, { numRuns: 8, seed: SEED });
    const queries = [
      '',
      '?code=x&state=y',
      '?code=x',
      '?error=access_denied&error_description=%00',
      '?code=%ZZ&state=%ED%A0%80',
      '?code=a&code=b&state=c',
      `?code=${'c'.repeat(3_000)}`,
    ];
    const answers: string[] = [];
    for (const route of oauth) {
      for (const [i, query] of queries.entries()) {
        const headers = Object.fromEntries(
          Object.entries(samples[i % samples.length]!).filter(([, value]) => value !== undefined),
        ) as Record<string, string>;
        const response = await t.http.get(route.template + query, { headers });
        answers.push(
          `${response.status < 500 ? 'ok' : 'FAILED'} ${response.status} GET ${route.template}${query}`,
        );
      }
    }
    expect(answers.filter((answer) => !answer.startsWith('ok'))).toEqual([]);
  });
});

import { STRONG_PASSWORD } from '../auth/auth-test-helpers.js';
import { authHeadersFor } from '../support/auth.js';
import { buildPost, buildProduct, buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('Request bodies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const as = async (role: 'user' | 'admin' = 'user') =>
    t.http.as(await authHeadersFor(t, await buildUser(t.prisma, { role })));

  // A browser form can post form-encoded or multipart bodies to any origin without a CORS preflight; a JSON API
  // that parses them hands cross-site forms a way in (login CSRF, for one).
  describe('only JSON is accepted, except on the upload routes', () => {
    it('a form-encoded login is refused with 415 and signs nobody in', async () => {
      const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
      const form = new URLSearchParams({ email: user.email, password: STRONG_PASSWORD }).toString();
      const response = await t.http.post('/api/auth/login', undefined, {
        rawBody: form,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(response.status).toBe(415);
      expect(response.body.error.code).toBe('unsupported_media_type');
      expect(response.headers['set-cookie']).toBeUndefined();
      expect(await t.prisma.session.count({ where: { userId: user.id } })).toBe(0);
    });

    it.each([
      ['form-encoded', 'application/x-www-form-urlencoded', 'title=Hi&body=There'],
      [
        'multipart',
        'multipart/form-data; boundary=x',
        '--x\r\nContent-Disposition: form-data; name="title"\r\n\r\nHi\r\n--x--\r\n',
      ],
      ['an image', 'image/png', '\x89PNG\r\n\x1a\n'],
      ['text', 'text/plain', '{"title":"Hi","body":"There"}'],
    ])(
      'a post created with %s body is refused with 415 and nothing is created',
      async (_kind, type, body) => {
        const client = await as();
        const before = await t.prisma.post.count();
        const response = await client.post('/api/v1/posts', undefined, {
          rawBody: body,
          headers: { 'content-type': type },
        });
        expect(response.status).toBe(415);
        expect(response.body.error.code).toBe('unsupported_media_type');
        expect(await t.prisma.post.count()).toBe(before);
      },
    );

    it('JSON with a charset is accepted', async () => {
      const response = await (
        await as()
      ).post('/api/v1/posts', undefined, {
        rawBody: JSON.stringify({ title: 'Charset', body: 'Fine' }),
        headers: { 'content-type': 'application/json; charset=utf-8' },
      });
      expect(response.status).toBe(201);
    });
  });

  // One rule for the whole API: an explicit null is refused (400 validation_failed naming the field) wherever the
  // field cannot be null, and so is a body that is not a JSON object. Absent optional fields keep their defaults.
  describe('explicit null and bodies that are not objects', () => {
    it('POST /api/admin/api-keys {"user_id": null} → 400 naming user_id, no key', async () => {
      const response = await (await as('admin')).post('/api/admin/api-keys', { name: 'k', user_id: null });
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({
        code: 'validation_failed',
        details: [{ field: 'user_id', message: expect.stringMatching(/null/) }],
      });
      expect(await t.prisma.apiKey.count()).toBe(0);
    });

    it.each([
      [
        'POST /api/v1/posts {"published": null}',
        'post',
        '/api/v1/posts',
        { title: 'T', body: 'B', published: null },
        'published',
      ],
      ['POST /api/v2/posts {"title": null}', 'post', '/api/v2/posts', { title: null, body: 'B' }, 'title'],
      [
        'POST /api/cart/items {"quantity": null}',
        'post',
        '/api/cart/items',
        { product_id: 1, quantity: null },
        'quantity',
      ],
      [
        'POST /api/uploads/presign {"size": null}',
        'post',
        '/api/uploads/presign',
        { filename: 'a.png', content_type: 'image/png', size: null },
        'size',
      ],
    ] as const)('%s → 400 naming the field', async (_name, _method, path, body, field) => {
      await buildProduct(t.prisma);
      const response = await (await as()).post(path, body);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
      expect(response.body.error.details).toContainEqual({ field, message: expect.stringMatching(/null/) });
    });

    it('PATCH with a null field changes nothing', async () => {
      const author = await buildUser(t.prisma);
      const post = await buildPost(t.prisma, { authorId: author.id, title: 'Kept' });
      const client = t.http.as(await authHeadersFor(t, author));
      const response = await client.patch(`/api/v1/posts/${post.id}`, { title: 'New', published: null });
      expect(response.status).toBe(400);
      expect((await t.prisma.post.findUniqueOrThrow({ where: { id: post.id } })).title).toBe('Kept');
    });

    it.each([
      ['null', 'null'],
      ['an array', '[{"title":"T","body":"B"}]'],
      ['a string', '"title"'],
      ['a number', '42'],
    ])('a body that is %s → 400 validation_failed, nothing created', async (_kind, raw) => {
      const before = await t.prisma.post.count();
      const response = await (await as()).post('/api/v1/posts', undefined, { rawBody: raw });
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({
        code: 'validation_failed',
        details: [{ field: 'body', message: expect.stringMatching(/JSON object/) }],
      });
      expect(await t.prisma.post.count()).toBe(before);
    });

    it('absent optional fields still take their defaults', async () => {
      const response = await (await as()).post('/api/v1/posts', { title: 'Defaults', body: 'B' });
      expect(response.status).toBe(201);
      expect(response.body.published).toBe(true);
    });
  });
});

import type { User } from '../../src/generated/prisma/client.js';
import { authHeadersFor } from '../support/auth.js';
import { buildComment, buildPost, buildUser } from '../support/factories.js';
import type { HttpClient } from '../support/http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Every moderation action lands in the audit log: who, what, on which content, when and why.

describe('The moderation audit log', () => {
  let t: TestApp;
  let moderator: User;
  let admin: User;
  let asModerator: HttpClient;
  let asAdmin: HttpClient;

  beforeAll(async () => {
    t = await startTestApp();
    moderator = await buildUser(t.prisma, { role: 'moderator' });
    admin = await buildUser(t.prisma, { role: 'admin' });
    asModerator = t.http.as(await authHeadersFor(t, moderator));
    asAdmin = t.http.as(await authHeadersFor(t, admin));
  });
  afterAll(() => t.close());

  it('lists hides and unhides of posts and comments, newest first, with who, what, when and why', async () => {
    const post = await buildPost(t.prisma);
    const comment = await buildComment(t.prisma);
    const before = Date.now();
    await asModerator.post(`/api/v2/moderation/posts/${post.id}/hide`, { reason: 'Spam' });
    await asAdmin.post(`/api/v2/moderation/comments/${comment.id}/hide`, { reason: 'Insult' });
    await asAdmin.post(`/api/v2/moderation/comments/${comment.id}/unhide`, { reason: 'Appeal' });
    await asModerator.post(`/api/v2/moderation/posts/${post.id}/unhide`);

    const log = await asModerator.get('/api/v2/moderation/log');

    expect(log.status).toBe(200);
    expect(log.headers['cache-control']).toContain('private');
    expect(log.body.meta).toEqual({ next_cursor: null, limit: 20 });
    expect(log.body.data).toEqual([
      entry(moderator, 'unhide', 'post', post.id, null),
      entry(admin, 'unhide', 'comment', comment.id, 'Appeal'),
      entry(admin, 'hide', 'comment', comment.id, 'Insult'),
      entry(moderator, 'hide', 'post', post.id, 'Spam'),
    ]);
    for (const item of log.body.data)
      expect(Date.parse(item.created_at)).toBeGreaterThanOrEqual(before - 1_000);
  });

  it('a hidden comment keeps when and why', async () => {
    const comment = await buildComment(t.prisma);
    await asModerator.post(`/api/v2/moderation/comments/${comment.id}/hide`, { reason: 'Off topic' });

    const row = await t.prisma.comment.findUniqueOrThrow({ where: { id: comment.id } });
    expect(row.hiddenReason).toBe('Off topic');
    expect(row.hiddenAt).toBeInstanceOf(Date);
  });

  it('concurrent hides of one post change it once and log one entry', async () => {
    const post = await buildPost(t.prisma);
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        asModerator.post(`/api/v2/moderation/posts/${post.id}/hide`, { reason: 'Race' }),
      ),
    );

    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(204));
    expect(await t.prisma.moderationAction.count({ where: { targetType: 'post', targetId: post.id } })).toBe(
      1,
    );
    expect(await t.prisma.postEvent.count({ where: { postId: post.id, type: 'post_deleted' } })).toBe(1);
  });

  it('pages newest first with an opaque keyset cursor, and refuses cursors it did not issue', async () => {
    const post = await buildPost(t.prisma);
    for (let i = 0; i < 5; i += 1) {
      await asModerator.post(`/api/v2/moderation/posts/${post.id}/hide`, { reason: `Round ${i}` });
      await asModerator.post(`/api/v2/moderation/posts/${post.id}/unhide`);
    }
    const all = (await asAdmin.get('/api/v2/moderation/log?limit=100')).body.data.map(
      (e: { id: number }) => e.id,
    );
    expect([...all].sort((a, b) => b - a)).toEqual(all);

    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=3&cursor=${encodeURIComponent(cursor)}` : '?limit=3';
      const page = await asAdmin.get(`/api/v2/moderation/log${query}`);
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.data.map((e: { id: number }) => e.id));
      cursor = page.body.meta.next_cursor;
    } while (cursor);
    expect(seen).toEqual(all);

    for (const bad of [
      'nope',
      Buffer.from('[0]').toString('base64url'),
      Buffer.from('[1.5]').toString('base64url'),
    ]) {
      const response = await asAdmin.get(`/api/v2/moderation/log?cursor=${bad}`);
      expect([response.status, response.body.error.code]).toEqual([400, 'invalid_cursor']);
    }
    for (const limit of ['0', '101', 'x']) {
      expect((await asAdmin.get(`/api/v2/moderation/log?limit=${limit}`)).status).toBe(400);
    }
  });

  it('is for moderators and admins only', async () => {
    const user = await buildUser(t.prisma);
    const anonymous = await t.http.get('/api/v2/moderation/log');
    const asUser = await t.http.get('/api/v2/moderation/log', { headers: await authHeadersFor(t, user) });

    expect([anonymous.status, anonymous.body.error.code]).toEqual([401, 'unauthenticated']);
    expect([asUser.status, asUser.body.error.code]).toEqual([403, 'forbidden']);
  });
});

function entry(actor: User, action: string, targetType: string, targetId: number, reason: string | null) {
  return {
    id: expect.any(Number),
    actor_id: actor.id,
    action,
    target_type: targetType,
    target_id: targetId,
    reason,
    created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
  };
}

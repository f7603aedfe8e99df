import type { Post, User } from '../../src/generated/prisma/client.js';
import { authHeadersFor } from '../support/auth.js';
import { buildComment, buildPost, buildUser } from '../support/factories.js';
import type { HttpClient } from '../support/http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Users report what they see; moderators work through the open reports and hide the content or dismiss them.

describe('Reports', () => {
  let t: TestApp;
  let moderator: User;
  let asModerator: HttpClient;

  const asUser = async (user?: User) =>
    t.http.as(await authHeadersFor(t, user ?? (await buildUser(t.prisma))));
  const report = (http: HttpClient, target_type: string, target_id: number, reason = 'Spam') =>
    http.post('/api/v2/reports', { target_type, target_id, reason });

  const REPORT_BUDGET = 10;

  beforeAll(async () => {
    t = await startTestApp({ env: { REPORT_CREATE_LIMIT: String(REPORT_BUDGET) } });
    moderator = await buildUser(t.prisma, { role: 'moderator' });
    asModerator = t.http.as(await authHeadersFor(t, moderator));
  });
  afterAll(() => t.close());

  describe('reporting', () => {
    it('a signed-in user reports a post or a comment: 201 with the open report', async () => {
      const reporter = await buildUser(t.prisma);
      const http = await asUser(reporter);
      const post = await buildPost(t.prisma);
      const comment = await buildComment(t.prisma);

      const onPost = await report(http, 'post', post.id, 'Misleading');
      const onComment = await report(http, 'comment', comment.id, 'Rude');

      expect(onPost.status).toBe(201);
      expect(onPost.body).toEqual({
        data: {
          id: expect.any(Number),
          reporter_id: reporter.id,
          target_type: 'post',
          target_id: post.id,
          reason: 'Misleading',
          status: 'open',
          resolution: null,
          resolved_by: null,
          created_at: expect.any(String),
          resolved_at: null,
        },
      });
      expect(onComment.status).toBe(201);
      expect(onComment.body.data).toMatchObject({ target_type: 'comment', target_id: comment.id });
    });

    it('a second open report by the same user on the same target → 409 already_reported; others may report', async () => {
      const post = await buildPost(t.prisma);
      const http = await asUser();

      expect((await report(http, 'post', post.id)).status).toBe(201);
      const again = await report(http, 'post', post.id, 'Still spam');
      expect([again.status, again.body.error.code]).toEqual([409, 'already_reported']);
      expect((await report(await asUser(), 'post', post.id)).status).toBe(201);
      expect(await t.prisma.report.count({ where: { targetId: post.id } })).toBe(2);
    });

    it('concurrent reports by one user on one target: exactly one is created', async () => {
      const post = await buildPost(t.prisma);
      const http = await asUser();

      const responses = await Promise.all(Array.from({ length: 8 }, () => report(http, 'post', post.id)));

      expect(responses.map((r) => r.status).sort()).toEqual([201, ...Array(7).fill(409)]);
      expect(await t.prisma.report.count({ where: { targetId: post.id } })).toBe(1);
    });

    it('a user beyond their report budget → 429 rate_limited with Retry-After, filing nothing; others may report', async () => {
      const reporter = await buildUser(t.prisma);
      const http = await asUser(reporter);
      const posts = await Promise.all(Array.from({ length: REPORT_BUDGET + 1 }, () => buildPost(t.prisma)));
      for (const post of posts.slice(0, REPORT_BUDGET))
        expect((await report(http, 'post', post.id)).status).toBe(201);

      const beyond = await report(http, 'post', posts[REPORT_BUDGET].id);

      expect(beyond.status).toBe(429);
      expect(beyond.body.error).toMatchObject({
        code: 'rate_limited',
        details: { budget: 'reports', limit: REPORT_BUDGET, retry_after_seconds: expect.any(Number) },
      });
      expect(Number(beyond.headers['retry-after'])).toBeGreaterThan(0);
      expect(await t.prisma.report.count({ where: { reporterId: reporter.id } })).toBe(REPORT_BUDGET);
      expect((await report(await asUser(), 'post', posts[REPORT_BUDGET].id)).status).toBe(201);
    });

    it('once the report is resolved, the same user may report the same target again', async () => {
      const post = await buildPost(t.prisma);
      const http = await asUser();
      const first = await report(http, 'post', post.id);
      await asModerator.post(`/api/v2/moderation/reports/${first.body.data.id}/resolve`, {
        action: 'dismiss',
      });

      expect((await report(http, 'post', post.id)).status).toBe(201);
    });

    it('content the reporter cannot see is 404: unknown, someone else’s draft, hidden, on a hidden post', async () => {
      const http = await asUser();
      const draft = await buildPost(t.prisma, { published: false });
      const hiddenPost = await buildPost(t.prisma);
      const hiddenComment = await buildComment(t.prisma);
      const commentOnHiddenPost = await buildComment(t.prisma, { postId: hiddenPost.id });
      await asModerator.post(`/api/v2/moderation/posts/${hiddenPost.id}/hide`, { reason: 'x' });
      await asModerator.post(`/api/v2/moderation/comments/${hiddenComment.id}/hide`, { reason: 'x' });

      for (const [type, id] of [
        ['post', 99999999],
        ['comment', 99999999],
        ['post', draft.id],
        ['post', hiddenPost.id],
        ['comment', hiddenComment.id],
        ['comment', commentOnHiddenPost.id],
      ] as const) {
        const response = await report(http, type, id);
        expect([type, id, response.status, response.body.error.code]).toEqual([type, id, 404, 'not_found']);
      }
      expect(await t.prisma.report.count({ where: { targetId: { in: [draft.id, hiddenPost.id] } } })).toBe(0);
    });

    it('refuses bad bodies (400 naming the field) and anonymous callers (401)', async () => {
      const http = await asUser();
      const post = await buildPost(t.prisma);
      for (const [body, field] of [
        [{ target_type: 'user', target_id: post.id, reason: 'x' }, 'target_type'],
        [{ target_type: 'post', target_id: 0, reason: 'x' }, 'target_id'],
        [{ target_type: 'post', target_id: 3_000_000_000, reason: 'x' }, 'target_id'],
        [{ target_type: 'post', target_id: '1', reason: 'x' }, 'target_id'],
        [{ target_type: 'post', target_id: post.id, reason: '' }, 'reason'],
        [{ target_type: 'post', target_id: post.id, reason: 'x'.repeat(1001) }, 'reason'],
        [{ target_type: 'post', target_id: post.id }, 'reason'],
      ] as const) {
        const response = await http.post('/api/v2/reports', body);
        expect([response.status, response.body.error.code]).toEqual([400, 'validation_failed']);
        expect(response.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
      }
      const anonymous = await t.http.post('/api/v2/reports', {
        target_type: 'post',
        target_id: post.id,
        reason: 'x',
      });
      expect([anonymous.status, anonymous.body.error.code]).toEqual([401, 'unauthenticated']);
    });
  });

  describe('the moderators’ queue', () => {
    let popular: Post;
    let single: Post;

    beforeAll(async () => {
      await t.prisma.report.deleteMany();
      popular = await buildPost(t.prisma);
      single = await buildPost(t.prisma);
      for (let i = 0; i < 3; i += 1) await report(await asUser(), 'post', popular.id, `Popular ${i}`);
      await report(await asUser(), 'post', single.id, 'Single');
    });

    it('lists open reports newest first, each with the open-report count of its target', async () => {
      const queue = await asModerator.get('/api/v2/moderation/reports?status=open');

      expect(queue.status).toBe(200);
      expect(queue.body.meta).toEqual({ next_cursor: null, limit: 20 });
      expect(
        queue.body.data.map((r: { reason: string; open_reports_on_target: number }) => [
          r.reason,
          r.open_reports_on_target,
        ]),
      ).toEqual([
        ['Single', 1],
        ['Popular 2', 3],
        ['Popular 1', 3],
        ['Popular 0', 3],
      ]);
      expect((await asModerator.get('/api/v2/moderation/reports')).body).toEqual(queue.body);
    });

    it('pages with a keyset cursor', async () => {
      const first = await asModerator.get('/api/v2/moderation/reports?limit=3');
      const second = await asModerator.get(
        `/api/v2/moderation/reports?limit=3&cursor=${encodeURIComponent(first.body.meta.next_cursor)}`,
      );

      expect(first.body.data).toHaveLength(3);
      expect(second.body.data.map((r: { reason: string }) => r.reason)).toEqual(['Popular 0']);
      expect(second.body.meta.next_cursor).toBeNull();
      expect((await asModerator.get('/api/v2/moderation/reports?status=closed')).status).toBe(400);
      expect((await asModerator.get('/api/v2/moderation/reports?cursor=bad')).body.error.code).toBe(
        'invalid_cursor',
      );
    });

    it('resolving with hide hides the content, resolves every open report on it and logs the hide', async () => {
      const newest = await t.prisma.report.findFirstOrThrow({
        where: { targetId: popular.id, status: 'open' },
        orderBy: { id: 'desc' },
      });

      const resolved = await asModerator.post(`/api/v2/moderation/reports/${newest.id}/resolve`, {
        action: 'hide',
      });

      expect(resolved.status).toBe(200);
      expect(resolved.body).toEqual({
        data: expect.objectContaining({
          id: newest.id,
          status: 'resolved',
          resolution: 'hide',
          resolved_by: moderator.id,
          resolved_at: expect.any(String),
        }),
        meta: { resolved_reports: 3 },
      });
      expect((await t.http.get(`/api/v1/posts/${popular.id}`)).status).toBe(404);
      expect(await t.prisma.post.findUniqueOrThrow({ where: { id: popular.id } })).toMatchObject({
        hiddenReason: 'Popular 2',
      });
      const log = await asModerator.get('/api/v2/moderation/log?limit=1');
      expect(log.body.data[0]).toMatchObject({
        actor_id: moderator.id,
        action: 'hide',
        target_id: popular.id,
      });
      const queue = await asModerator.get('/api/v2/moderation/reports');
      expect(queue.body.data.map((r: { target_id: number }) => r.target_id)).toEqual([single.id]);
      const done = await asModerator.get('/api/v2/moderation/reports?status=resolved');
      expect(done.body.data.map((r: { open_reports_on_target: number }) => r.open_reports_on_target)).toEqual(
        [0, 0, 0],
      );
    });

    it('resolving a resolved report → 409 report_already_resolved; an unknown one → 404', async () => {
      const resolved = await t.prisma.report.findFirstOrThrow({ where: { status: 'resolved' } });

      const again = await asModerator.post(`/api/v2/moderation/reports/${resolved.id}/resolve`, {
        action: 'dismiss',
      });
      const unknown = await asModerator.post('/api/v2/moderation/reports/99999999/resolve', {
        action: 'dismiss',
      });

      expect([again.status, again.body.error.code]).toEqual([409, 'report_already_resolved']);
      expect([unknown.status, unknown.body.error.code]).toEqual([404, 'not_found']);
    });

    it('dismissing leaves the content visible and logs the dismissal with its reason', async () => {
      const open = await t.prisma.report.findFirstOrThrow({ where: { targetId: single.id, status: 'open' } });

      const response = await asModerator.post(`/api/v2/moderation/reports/${open.id}/resolve`, {
        action: 'dismiss',
        reason: 'Not spam',
      });

      expect(response.status).toBe(200);
      expect(response.body.data).toMatchObject({ status: 'resolved', resolution: 'dismiss' });
      expect((await t.http.get(`/api/v1/posts/${single.id}`)).status).toBe(200);
      const log = await asModerator.get('/api/v2/moderation/log?limit=1');
      expect(log.body.data[0]).toMatchObject({
        action: 'dismiss_reports',
        target_type: 'post',
        target_id: single.id,
        reason: 'Not spam',
      });
    });

    it('concurrent resolutions of one report: one 200, the others 409', async () => {
      const post = await buildPost(t.prisma);
      const created = await report(await asUser(), 'post', post.id);
      const responses = await Promise.all(
        Array.from({ length: 6 }, () =>
          asModerator.post(`/api/v2/moderation/reports/${created.body.data.id}/resolve`, {
            action: 'dismiss',
          }),
        ),
      );

      expect(responses.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
      expect(
        await t.prisma.moderationAction.count({ where: { targetId: post.id, action: 'dismiss_reports' } }),
      ).toBe(1);
    });

    it('refuses bad actions (400) and is for moderators and admins only', async () => {
      const post = await buildPost(t.prisma);
      const created = await report(await asUser(), 'post', post.id);
      const path = `/api/v2/moderation/reports/${created.body.data.id}/resolve`;

      expect((await asModerator.post(path, { action: 'delete' })).status).toBe(400);
      expect((await asModerator.post(path, {})).status).toBe(400);
      const user = await asUser();
      expect((await user.post(path, { action: 'hide' })).status).toBe(403);
      expect((await user.get('/api/v2/moderation/reports')).status).toBe(403);
      expect((await t.http.get('/api/v2/moderation/reports')).status).toBe(401);
      expect((await t.http.get(`/api/v1/posts/${post.id}`)).status).toBe(200);
    });

    it('resolving with hide a report whose content was deleted meanwhile still resolves it', async () => {
      const comment = await buildComment(t.prisma);
      const created = await report(await asUser(), 'comment', comment.id);
      await t.prisma.comment.delete({ where: { id: comment.id } });

      const response = await asModerator.post(`/api/v2/moderation/reports/${created.body.data.id}/resolve`, {
        action: 'hide',
      });

      expect(response.status).toBe(200);
      expect(response.body.meta).toEqual({ resolved_reports: 1 });
    });
  });
});

import { jest } from '@jest/globals';
import { UsersRepository } from '../../src/users/users.repository.js';
import { PostReads } from '../../src/posts/post-reads.js';
import { buildPost, buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// The hottest reads go straight to the pg pool with hand-written column lists. They must answer exactly what Prisma
// answers for the same rows: a column added to the schema but not to those lists fails here.
describe('Reads that bypass Prisma', () => {
  let t: TestApp;

  /** Names of the statements sent straight to the pool while `read` ran. */
  let direct: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    const send = t.prisma.preparedRows.bind(t.prisma);
    jest.spyOn(t.prisma, 'preparedRows').mockImplementation((statement, values) => {
      direct.push(statement.name);
      return send(statement, values);
    });
  });
  afterAll(() => t.close());
  beforeEach(() => {
    direct = [];
  });

  it('a post by id is the row Prisma reads, every field set or null, hidden ones included', async () => {
    const author = await buildUser(t.prisma);
    const plain = await buildPost(t.prisma, { authorId: author.id, likesCount: 3 });
    const hidden = await t.prisma.post.update({
      where: { id: (await buildPost(t.prisma, { authorId: author.id, published: false })).id },
      data: { hiddenAt: new Date('2026-11-30T10:00:00.123Z'), hiddenReason: 'spam' },
    });
    const reads = t.app.get(PostReads);
    for (const post of [plain, hidden]) {
      expect(await reads.byId(post.id)).toEqual(await t.prisma.post.findUnique({ where: { id: post.id } }));
    }
    expect(await reads.byId(2_000_000_000)).toBeNull();
    expect(direct).toEqual(['posts_by_ids', 'posts_by_ids', 'posts_by_ids']);
  });

  it('posts asked for together share one query, and each reader gets the post it asked for', async () => {
    const [first, second] = [await buildPost(t.prisma), await buildPost(t.prisma, { published: false })];
    const reads = t.app.get(PostReads);
    const answers = await Promise.all(
      [first.id, second.id, first.id, 2_000_000_000, 3_000_000_000, -1].map((id) => reads.byId(id)),
    );
    expect(answers.map((post) => post?.id ?? null)).toEqual([
      first.id,
      second.id,
      first.id,
      null,
      null,
      null,
    ]);
    expect(answers[1]).toEqual(second);
    // Ids no int4 column holds are answered without the query, which they would have failed for every reader.
    expect(direct).toEqual(['posts_by_ids']);
  });

  it('a public page is what Prisma lists, newest first, with the exact total', async () => {
    // Three at one instant: the id decides their order.
    const at = new Date('2026-11-30T09:00:00.000Z');
    for (let i = 0; i < 3; i += 1) await buildPost(t.prisma, { createdAt: at });
    await buildPost(t.prisma, { published: false });
    const reads = t.app.get(PostReads);
    const page = await reads.publicPage({ skip: 0, take: 5 }, 'posts');
    expect(page.items.length).toBeGreaterThanOrEqual(3);
    const where = { published: true, hiddenAt: null };
    expect(page.items).toEqual(
      await t.prisma.post.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 5 }),
    );
    expect(page.total).toBe(await t.prisma.post.count({ where }));
    expect(await reads.publicPage({ skip: 1_000, take: 5 }, 'posts')).toEqual({
      items: [],
      total: page.total,
    });
  });

  it('readers of one page asking together share its read, and each page is its own', async () => {
    for (let i = 0; i < 4; i += 1) await buildPost(t.prisma);
    const reads = t.app.get(PostReads);
    const ranges = [0, 2, 0, 0, 2].map((skip) => ({ skip, take: 2 }));
    const pages = await Promise.all(ranges.map((range) => reads.publicPage(range, 'posts')));
    expect(direct).toEqual(['posts_public_page_with_total', 'posts_public_page_with_total']);
    expect(pages[2]).toEqual(pages[0]);
    expect(pages[4]).toEqual(pages[1]);
    expect(pages[1].items.map((post) => post.id)).not.toEqual(pages[0].items.map((post) => post.id));
    expect(pages[1]).toEqual(await reads.publicPage({ skip: 2, take: 2 }, 'posts'));
  });

  it('a user by id, and users by ids, are the rows Prisma reads', async () => {
    const full = await t.prisma.user.update({
      where: { id: (await buildUser(t.prisma)).id },
      data: { displayName: 'Ada', role: 'moderator', emailVerifiedAt: new Date('2026-11-29T08:00:00.001Z') },
    });
    const bare = await t.prisma.user.update({
      where: { id: (await buildUser(t.prisma)).id },
      data: { passwordHash: null },
    });
    const users = t.app.get(UsersRepository);
    for (const user of [full, bare]) {
      expect(await users.findById(user.id)).toEqual(
        await t.prisma.user.findUnique({ where: { id: user.id } }),
      );
    }
    const both = await users.findManyByIds([full.id, bare.id, 2_000_000_000]);
    expect(direct).toEqual(['users_by_id', 'users_by_id', 'users_by_ids']);
    expect(both.sort((a, b) => a.id - b.id)).toEqual(
      await t.prisma.user.findMany({ where: { id: { in: [full.id, bare.id] } }, orderBy: { id: 'asc' } }),
    );
  });
});

import { Injectable } from '@nestjs/common';
import { PerTurnBatcher } from '../common/per-turn-batcher.js';
import { isStorableId } from '../common/validation/ids.js';
import type { Post } from '../generated/prisma/client.js';
import { type PreparedRead, PrismaService } from '../infra/database/prisma.service.js';
import type { Page } from '../infra/database/paginate.js';

/** Every column of `Post`, under its Prisma field name (the generated search_vector is never read). */
const POST_COLUMNS = `id, author_id AS "authorId", title, body, published, likes_count AS "likesCount",
  comments_count AS "commentsCount", created_at AS "createdAt", updated_at AS "updatedAt",
  hidden_at AS "hiddenAt", hidden_reason AS "hiddenReason"`;

const POSTS_BY_IDS: PreparedRead = {
  name: 'posts_by_ids',
  text: `SELECT ${POST_COLUMNS} FROM posts WHERE id = ANY($1::int4[])`,
};

/**
 * A near page of the public list and its exact total (the post_counters row) in one round trip: the counter row
 * always comes back, joined to the page's posts or, past the end, to one row of NULLs. Its WHERE is
 * `PUBLIC_POSTS` (post-visibility.ts), and it walks the (published, created_at, id, hidden_at) index.
 */
const PUBLIC_PAGE_WITH_TOTAL: PreparedRead = {
  name: 'posts_public_page_with_total',
  text: `SELECT c.listed AS "listedTotal", p.*
           FROM post_counters c
           LEFT JOIN LATERAL (
             SELECT ${POST_COLUMNS} FROM posts
              WHERE published AND hidden_at IS NULL
              ORDER BY created_at DESC, id DESC OFFSET $1 LIMIT $2
           ) p ON true
          WHERE c.name = $3
          ORDER BY p."createdAt" DESC, p.id DESC`,
};

type PageRow = Post & { listedTotal: number };

interface PageRange {
  skip: number;
  take: number;
  counter: string;
}

/**
 * The two reads every visitor makes, a post by id and a first page of the list, straight on the pg pool: through
 * Prisma's query engine they cost about 2.5 times the CPU of the same SQL (docs/performance.md). Posts by id are
 * read in batches (PerTurnBatcher): the readers of one turn, and those who asked while the previous read was out,
 * share one query, and readers of the same post share its row. Readers of the same near page share its read the
 * same way (the front page is what a crowd arriving at once asks for).
 */
@Injectable()
export class PostReads {
  private readonly postsById: PerTurnBatcher<number, Post>;
  private readonly pages: PerTurnBatcher<string, Page<Post>>;

  constructor(private readonly prisma: PrismaService) {
    this.postsById = new PerTurnBatcher(prisma.rowsByKey<Post, number>(POSTS_BY_IDS, (post) => post.id));
    this.pages = new PerTurnBatcher(async (keys) => {
      const pages = keys.map(
        async (key) => [key, await this.readPage(JSON.parse(key) as PageRange)] as const,
      );
      return new Map(await Promise.all(pages));
    });
  }

  /** An id that names no row never reaches the query, where it would fail every reader sharing it. */
  async byId(id: number): Promise<Post | null> {
    if (!isStorableId(id)) return null;
    return (await this.postsById.load(id)) ?? null;
  }

  async publicPage(range: { skip: number; take: number }, counter: string): Promise<Page<Post>> {
    const key = JSON.stringify({ skip: range.skip, take: range.take, counter } satisfies PageRange);
    return (await this.pages.load(key)) ?? { items: [], total: 0 };
  }

  private async readPage({ skip, take, counter }: PageRange): Promise<Page<Post>> {
    const rows = await this.prisma.preparedRows<PageRow>(PUBLIC_PAGE_WITH_TOTAL, [skip, take, counter]);
    const total = rows[0]?.listedTotal ?? 0;
    const items = rows.filter((row) => row.id !== null).map(({ listedTotal: _total, ...post }) => post);
    return { items, total };
  }
}

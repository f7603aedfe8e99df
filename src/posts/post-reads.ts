import { Injectable } from '@nestjs/common';
import type { Post } from '../generated/prisma/client.js';
import { type PreparedRead, PrismaService } from '../infra/database/prisma.service.js';
import type { Page } from '../infra/database/paginate.js';

/** Every column of `Post`, under its Prisma field name (the generated search_vector is never read). */
const POST_COLUMNS = `id, author_id AS "authorId", title, body, published, likes_count AS "likesCount",
  comments_count AS "commentsCount", created_at AS "createdAt", updated_at AS "updatedAt",
  hidden_at AS "hiddenAt", hidden_reason AS "hiddenReason"`;

const POST_BY_ID: PreparedRead = {
  name: 'posts_by_id',
  text: `SELECT ${POST_COLUMNS} FROM posts WHERE id = $1`,
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

/**
 * The two reads every visitor makes, a post by id and a first page of the list, straight on the pg pool: through
 * Prisma's query engine they cost about 2.5 times the CPU of the same SQL (docs/performance.md).
 */
@Injectable()
export class PostReads {
  constructor(private readonly prisma: PrismaService) {}

  async byId(id: number): Promise<Post | null> {
    const [post] = await this.prisma.preparedRows<Post>(POST_BY_ID, [id]);
    return post ?? null;
  }

  async publicPage(range: { skip: number; take: number }, counter: string): Promise<Page<Post>> {
    const rows = await this.prisma.preparedRows<PageRow>(PUBLIC_PAGE_WITH_TOTAL, [
      range.skip,
      range.take,
      counter,
    ]);
    const total = rows[0]?.listedTotal ?? 0;
    const items = rows.filter((row) => row.id !== null).map(({ listedTotal: _total, ...post }) => post);
    return { items, total };
  }
}

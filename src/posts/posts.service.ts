import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { isOwnerOrModerator } from '../auth/authenticated-user.js';
import type { Post, Prisma } from '../generated/prisma/client.js';
import type { Page, PageWindow } from '../infra/database/paginate.js';
import { isRecordNotFound } from '../infra/database/prisma-errors.js';
import { PrismaService } from '../infra/database/prisma.service.js';
import { PostsError } from './posts.errors.js';
import { decodePostCursor, encodePostCursor } from './post-cursor.js';
import type { PostChangeEvent, PostChangeType } from './post-events-bus.js';
import { PostEventsRecorder } from './post-events.recorder.js';
import { PostReads } from './post-reads.js';
import { PostV2Presenter } from './presenters/post-v2.presenter.js';
import { canViewPost, isPostPublic, PUBLIC_POSTS, type PostViewer } from './post-visibility.js';

export interface PostInput {
  title: string;
  body: string;
  published?: boolean;
}

export interface PostSearchHit {
  id: number;
  title: string;
  rank: number;
}

export interface LikeState {
  likes: number;
  liked: boolean;
}

type Viewer = PostViewer;
type Tx = Prisma.TransactionClient;

const NEWEST_FIRST: Prisma.PostOrderByWithRelationInput[] = [{ createdAt: 'desc' }, { id: 'desc' }];
/** `countListed`'s post_counters row; post_is_listed(posts) in SQL is PUBLIC_POSTS, for the counter's triggers. */
const LISTED_COUNTER = 'posts';
/** Time a search transaction has beyond its statement timeout (the set_config round trip, the commit). */
const SEARCH_TX_MARGIN_MS = 2_000;
/** Offsets from which a v1 page reads ids from the index first, then the rows (a deferred join). */
const DEFERRED_JOIN_FROM = 2_000;

/** Posts: listing, drafts visibility, ownership, likes, and one change event per committed write. */
@Injectable()
export class PostsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly recorder: PostEventsRecorder,
    private readonly reads: PostReads,
  ) {}

  /**
   * Public posts (published, not hidden), newest first. The total is the trigger-kept counter (exact, one row read, see the
   * post_counters migration); pages past the first few thousand rows take the deferred join of `deepPageIds`.
   */
  async listPage(window: PageWindow): Promise<Page<Post>> {
    const skip = (window.page - 1) * window.pageSize;
    if (skip < DEFERRED_JOIN_FROM)
      return this.reads.publicPage({ skip, take: window.pageSize }, LISTED_COUNTER);
    const total = await this.countListed();
    if (skip >= total) return { items: [], total };
    const ids = await this.deepPageIds(skip, window.pageSize, total);
    const posts = await this.prisma.post.findMany({ where: { id: { in: ids } } });
    const byId = new Map(posts.map((post) => [post.id, post]));
    return { items: ids.flatMap((id) => byId.get(id) ?? []), total };
  }

  /** How many posts the public lists show: the post_counters row that triggers on `posts` keep exact. */
  async countListed(): Promise<number> {
    const counter = await this.prisma.postCounter.findUnique({ where: { name: LISTED_COUNTER } });
    return counter?.listed ?? 0;
  }

  /**
   * Ids of one deep page, newest first. Offsets are walked in the (published, created_at, id, hidden_at) index alone (an
   * index-only scan, no heap row read for the skipped entries) and from whichever end of the list is nearer, so
   * the last page costs what the first does and the middle one half of a full walk. Its WHERE is `PUBLIC_POSTS`.
   */
  private async deepPageIds(skip: number, take: number, total: number): Promise<number[]> {
    const fromEnd = total - skip - take;
    if (fromEnd < skip) {
      const rows = await this.prisma.$queryRaw<{ id: number }[]>`
        SELECT id FROM posts WHERE published AND hidden_at IS NULL
         ORDER BY created_at ASC, id ASC OFFSET ${Math.max(fromEnd, 0)} LIMIT ${Math.min(take, total - skip)}`;
      return rows.map((row) => row.id).reverse();
    }
    const rows = await this.prisma.$queryRaw<{ id: number }[]>`
      SELECT id FROM posts WHERE published AND hidden_at IS NULL ORDER BY created_at DESC, id DESC OFFSET ${skip} LIMIT ${take}`;
    return rows.map((row) => row.id);
  }

  async listAfterCursor(
    cursor: string | undefined,
    limit: number,
  ): Promise<{ posts: Post[]; nextCursor: string | null }> {
    const after = cursor === undefined ? undefined : decodePostCursor(cursor);
    const posts = await this.prisma.post.findMany({
      where: {
        ...PUBLIC_POSTS,
        ...(after && {
          OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }],
        }),
      },
      orderBy: NEWEST_FIRST,
      take: limit + 1,
    });
    const hasMore = posts.length > limit;
    const page = hasMore ? posts.slice(0, limit) : posts;
    const last = page[page.length - 1];
    return { posts: page, nextCursor: hasMore && last ? encodePostCursor(last) : null };
  }

  /**
   * Full-text search over published posts (English stemming, web-search syntax: quotes, OR, -word), best matches
   * first. The query runs under its own statement timeout, so one expensive search cannot hold a connection long:
   * past it, PostgreSQL cancels the query (SQLSTATE 57014).
   */
  async searchPublished(
    query: string,
    options: { limit: number; timeoutMs: number },
  ): Promise<PostSearchHit[]> {
    const hits = await this.prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT set_config('statement_timeout', ${String(options.timeoutMs)}, true)`;
        // search_vector is to_tsvector('english', title || ' ' || body), stored and GIN-indexed.
        return tx.$queryRaw<PostSearchHit[]>`
          SELECT id, title, ts_rank(search_vector, q) AS rank
            FROM posts, websearch_to_tsquery('english', ${query}) AS q
           WHERE search_vector @@ q AND published AND hidden_at IS NULL
           ORDER BY rank DESC, id DESC
           LIMIT ${options.limit}`;
      },
      // PostgreSQL's statement timeout must be what ends a slow search (a clear 57014), not Prisma's
      // interactive-transaction timeout, whose 5 s default used to cut a 10 s search short.
      { timeout: options.timeoutMs + SEARCH_TX_MARGIN_MS },
    );
    return hits.map((hit) => ({ id: hit.id, title: hit.title, rank: Number(hit.rank) }));
  }

  /** Drafts and hidden posts exist only for their author, moderators and admins; for everyone else they are 404. */
  async findVisible(id: number, viewer: Viewer): Promise<Post> {
    const post = await this.reads.byId(id);
    if (!post || !canViewPost(post, viewer)) {
      throw new PostsError('not_found', 'Post not found.');
    }
    return post;
  }

  async create(author: AuthenticatedUser, input: PostInput): Promise<Post> {
    const { post, event } = await this.prisma.$transaction(async (tx) => {
      const created = await tx.post.create({
        data: {
          authorId: author.id,
          title: input.title,
          body: input.body,
          published: input.published ?? true,
        },
      });
      return {
        post: created,
        event: isPostPublic(created) ? await this.recordEvent(tx, 'post_created', created) : null,
      };
    });
    await this.announce(event);
    return post;
  }

  async update(id: number, viewer: AuthenticatedUser, input: Partial<PostInput>): Promise<Post> {
    const existing = await this.findEditable(id, viewer);
    const { post, event } = await this.prisma.$transaction(async (tx) => {
      const updated = await tx.post
        .update({
          where: { id: existing.id },
          data: { title: input.title, body: input.body, published: input.published },
        })
        .catch((error: unknown) => {
          // Deleted by a concurrent request since findEditable read it.
          if (isRecordNotFound(error)) throw new PostsError('not_found', 'Post not found.');
          throw error;
        });
      const type = listChange(existing, updated, 'post_updated');
      return { post: updated, event: type ? await this.recordEvent(tx, type, updated) : null };
    });
    await this.announce(event);
    return post;
  }

  async remove(id: number, viewer: AuthenticatedUser): Promise<void> {
    const existing = await this.findEditable(id, viewer);
    const event = await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.post.deleteMany({ where: { id: existing.id } });
      if (count === 0) throw new PostsError('not_found', 'Post not found.');
      return isPostPublic(existing) ? this.recordEvent(tx, 'post_deleted', existing) : null;
    });
    await this.announce(event);
  }

  /**
   * Hides the post (`hidden` set) or shows it again (`hidden` null), with its list event, and runs `alsoInTransaction`
   * (the moderation audit entry) in the same transaction. Answers false, changing nothing, when the post already was
   * in that state; 404 when there is no such post.
   */
  async setHidden(
    id: number,
    hidden: { reason: string } | null,
    alsoInTransaction: (tx: Tx) => Promise<unknown>,
  ): Promise<boolean> {
    const { changed, event } = await this.prisma.$transaction(async (tx) => {
      // The state condition in the WHERE makes concurrent hides of one post change it (and log it) once.
      const { count } = await tx.post.updateMany({
        where: { id, hiddenAt: hidden ? null : { not: null } },
        data: hidden
          ? { hiddenAt: new Date(), hiddenReason: hidden.reason }
          : { hiddenAt: null, hiddenReason: null },
      });
      if (count === 0) {
        if (!(await tx.post.findUnique({ where: { id }, select: { id: true } })))
          throw new PostsError('not_found', 'Post not found.');
        return { changed: false, event: null };
      }
      const updated = await tx.post.findUniqueOrThrow({ where: { id } });
      await alsoInTransaction(tx);
      const before = { published: updated.published, hiddenAt: hidden ? null : new Date(0) };
      const type = listChange(before, updated, null);
      return { changed: true, event: type ? await this.recordEvent(tx, type, updated) : null };
    });
    await this.announce(event);
    return changed;
  }

  /**
   * Account deletion, inside its transaction: the author's posts are deleted (comments and likes on them go by
   * cascade) and each public one (published, not hidden) gets a `post_deleted` event. Earlier events carrying those posts' content are
   * deleted too, so neither a replay nor the post_events table keeps what a deleted account wrote. Announce the
   * returned events after the commit with `announceAll`.
   */
  async removeAllByAuthorWithin(tx: Tx, authorId: number): Promise<PostChangeEvent[]> {
    const posts = await tx.post.findMany({ where: { authorId }, orderBy: { id: 'asc' } });
    if (posts.length === 0) return [];
    const ids = posts.map((post) => post.id);
    await tx.postEvent.deleteMany({ where: { postId: { in: ids }, type: { not: 'post_deleted' } } });
    await tx.post.deleteMany({ where: { id: { in: ids } } });
    const events: PostChangeEvent[] = [];
    for (const post of posts)
      if (isPostPublic(post)) events.push(await this.recordEvent(tx, 'post_deleted', post));
    return events;
  }

  /** Account deletion, inside its transaction: the user's likes on other people's posts stop counting. */
  async withdrawLikesWithin(tx: Tx, userId: number): Promise<void> {
    await tx.$executeRaw`
      UPDATE posts SET likes_count = GREATEST(likes_count - 1, 0)
       WHERE id IN (SELECT post_id FROM post_likes WHERE user_id = ${userId})`;
    await tx.postLike.deleteMany({ where: { userId } });
  }

  async announceAll(events: readonly PostChangeEvent[]): Promise<void> {
    for (const event of events) await this.announce(event);
  }

  /** Idempotent per user: the like row's primary key decides, and the counter moves only when a row was added. */
  async like(id: number, user: AuthenticatedUser): Promise<LikeState> {
    await this.findVisible(id, user);
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.postLike.createMany({
        data: [{ postId: id, userId: user.id }],
        skipDuplicates: true,
      });
      const post =
        count === 1
          ? await tx.post.update({ where: { id }, data: { likesCount: { increment: 1 } } })
          : await tx.post.findUniqueOrThrow({ where: { id } });
      return { likes: post.likesCount, liked: true };
    });
  }

  async unlike(id: number, user: AuthenticatedUser): Promise<LikeState> {
    await this.findVisible(id, user);
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.postLike.deleteMany({ where: { postId: id, userId: user.id } });
      const post =
        count === 1
          ? await tx.post.update({ where: { id }, data: { likesCount: { decrement: 1 } } })
          : await tx.post.findUniqueOrThrow({ where: { id } });
      return { likes: post.likesCount, liked: false };
    });
  }

  private async findEditable(id: number, viewer: AuthenticatedUser): Promise<Post> {
    const post = await this.findVisible(id, viewer);
    if (!isOwnerOrModerator(viewer, post.authorId))
      throw new PostsError('forbidden', 'Only the author, a moderator or an admin may change this post.');
    return post;
  }

  private recordEvent(tx: Tx, type: PostChangeType, post: Post): Promise<PostChangeEvent> {
    return this.recorder.record(tx, type, post.id, {
      dom_id: `posts-${post.id}`,
      post: type === 'post_deleted' ? null : PostV2Presenter.attributes(post),
    });
  }

  private announce(event: PostChangeEvent | null): Promise<void> {
    return this.recorder.announce(event);
  }
}

/**
 * What a change means to subscribers of the public list: a post entering it is created, one leaving it (unpublished,
 * hidden) is deleted, one staying in it is `whileListed` (an edit is an update; a moderation change is nothing).
 */
function listChange(
  before: Pick<Post, 'published' | 'hiddenAt'>,
  after: Pick<Post, 'published' | 'hiddenAt'>,
  whileListed: PostChangeType | null,
): PostChangeType | null {
  if (isPostPublic(after)) return isPostPublic(before) ? whileListed : 'post_created';
  return isPostPublic(before) ? 'post_deleted' : null;
}

import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { isOwnerOrModerator } from '../auth/authenticated-user.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { Comment, Post, Prisma } from '../generated/prisma/client.js';
import type { Page, PageWindow } from '../infra/database/paginate.js';
import { PrismaService } from '../infra/database/prisma.service.js';
import { decodePostCursor, encodePostCursor } from '../posts/post-cursor.js';
import { PostCommentsCounter } from '../posts/post-comments-counter.js';
import type { CommentChangeType, PostChangeEvent } from '../posts/post-events-bus.js';
import { PostEventsRecorder } from '../posts/post-events.recorder.js';
import { PostEventsStream, type ReplayedEvent } from '../posts/post-events.stream.js';
import { isPostPublic } from '../posts/post-visibility.js';
import { PostsService } from '../posts/posts.service.js';
import { canViewComment, type CommentViewer, isCommentPublic } from './comment-visibility.js';
import { CommentsError } from './comments.errors.js';
import { CommentsRepository } from './comments.repository.js';
import { type CommentAttributes, CommentV2Presenter } from './presenters/comment-v2.presenter.js';

type Tx = Prisma.TransactionClient;

export interface CommentInput {
  body: string;
  parentId?: number | null;
}

const notFound = () => new CommentsError('not_found', 'Comment not found.');

/**
 * Comments on posts: one level of replies, placeholders for deleted comments that have replies, the post's exact
 * comments_count, and one live event per committed change of a comment that everyone may see.
 */
@Injectable()
export class CommentsService implements OnModuleInit {
  constructor(
    private readonly prisma: PrismaService,
    private readonly comments: CommentsRepository,
    private readonly posts: PostsService,
    private readonly counter: PostCommentsCounter,
    private readonly recorder: PostEventsRecorder,
    private readonly stream: PostEventsStream,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.stream.addReplayFilter((events) => this.withoutNonPublicComments(events));
  }

  async listPage(postId: number, viewer: CommentViewer, window: PageWindow): Promise<Page<Comment>> {
    await this.posts.findVisible(postId, viewer);
    return this.comments.listPage(postId, viewer, window);
  }

  async listAfterCursor(postId: number, viewer: CommentViewer, cursor: string | undefined, limit: number) {
    await this.posts.findVisible(postId, viewer);
    const after = cursor === undefined ? null : decodePostCursor(cursor);
    const rows = await this.comments.listAfter(postId, viewer, after, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { comments: page, nextCursor: rows.length > limit && last ? encodePostCursor(last) : null };
  }

  /** A comment the viewer may see on a post they may see (hidden and draft rules), else 404. */
  async findVisible(id: number, viewer: CommentViewer): Promise<Comment> {
    const comment = await this.comments.findById(id);
    if (!comment || !canViewComment(comment, viewer)) throw notFound();
    await this.posts.findVisible(comment.postId, viewer).catch(() => Promise.reject(notFound()));
    return comment;
  }

  async create(author: AuthenticatedUser, postId: number, input: CommentInput): Promise<Comment> {
    await this.posts.findVisible(postId, author);
    return this.write(postId, async (tx, post) => {
      if (input.parentId != null) await this.assertValidParent(tx, postId, input.parentId, author);
      const comment = await this.comments.create(tx, {
        postId,
        authorId: author.id,
        parentId: input.parentId ?? null,
        body: input.body,
      });
      await this.counter.move(tx, postId, 1);
      return { result: comment, events: [await this.recordChange(tx, 'comment_created', post, comment)] };
    });
  }

  async update(id: number, viewer: AuthenticatedUser, body: string): Promise<Comment> {
    const { postId } = await this.findVisible(id, viewer);
    return this.write(postId, async (tx, post) => {
      const existing = await this.lockLive(tx, id);
      if (existing.authorId !== viewer.id) {
        throw new CommentsError('forbidden', 'Only the author may edit a comment.');
      }
      this.assertEditWindowOpen(existing);
      const updated = await this.comments.updateBody(tx, id, body);
      return { result: updated, events: [await this.recordChange(tx, 'comment_updated', post, updated)] };
    });
  }

  async remove(id: number, viewer: AuthenticatedUser): Promise<void> {
    const { postId } = await this.findVisible(id, viewer);
    await this.write(postId, async (tx, post) => {
      const existing = await this.lockLive(tx, id);
      if (!isOwnerOrModerator(viewer, existing.authorId)) {
        throw new CommentsError(
          'forbidden',
          'Only the author, a moderator or an admin may delete this comment.',
        );
      }
      const kept = (await this.comments.hasReplies(tx, id)) ? await this.comments.markDeleted(tx, id) : null;
      if (!kept) await this.comments.remove(tx, id);
      if (isCommentPublic(existing)) await this.counter.move(tx, postId, -1);
      const events = [isCommentPublic(existing) ? await this.recordRemoval(tx, post, id, kept) : null];
      // A placeholder stays only while it has replies: the last one gone, it goes too.
      const parentId = kept ? null : existing.parentId;
      if (parentId !== null && (await this.comments.removeIfEmptyPlaceholder(tx, parentId))) {
        events.push(await this.recordRemoval(tx, post, parentId, null));
      }
      return { result: undefined, events };
    });
  }

  /**
   * Hides (reason given) or shows again a comment: for moderation. The count and the live streams follow: hiding
   * announces `comment_deleted` (and replays stop carrying the comment), showing again `comment_created`.
   * `alsoInTransaction` (the moderation audit entry) runs in the same transaction when the state changes.
   */
  async setHidden(
    id: number,
    hidden: { reason: string } | null,
    alsoInTransaction: (tx: Tx) => Promise<unknown> = async () => undefined,
  ): Promise<Comment> {
    const found = await this.comments.findById(id);
    if (!found) throw notFound();
    return this.write(found.postId, async (tx, post) => {
      const existing = await this.lockLive(tx, id);
      if (isCommentPublic(existing) === (hidden === null)) return { result: existing, events: [] };
      const changed = await this.comments.setHidden(tx, id, hidden);
      await alsoInTransaction(tx);
      await this.counter.move(tx, post.id, hidden ? -1 : 1);
      const event = hidden
        ? await this.recordRemoval(tx, post, id, null)
        : await this.recordChange(tx, 'comment_created', post, changed);
      return { result: changed, events: [event] };
    });
  }

  /** One transaction under the post's row lock, then its events (if any) after the commit, in order. */
  private async write<T>(
    postId: number,
    step: (tx: Tx, post: Post) => Promise<{ result: T; events: (PostChangeEvent | null)[] }>,
  ): Promise<T> {
    const { result, events } = await this.prisma.$transaction(async (tx) => {
      const post = await this.counter.lock(tx, postId);
      if (!post) throw notFound();
      return step(tx, post);
    });
    for (const event of events) await this.recorder.announce(event);
    return result;
  }

  private async lockLive(tx: Tx, id: number): Promise<Comment> {
    const comment = await this.comments.lock(tx, id);
    if (!comment || comment.deletedAt !== null) throw notFound();
    return comment;
  }

  private async assertValidParent(tx: Tx, postId: number, parentId: number, viewer: CommentViewer) {
    const parent = await this.comments.lock(tx, parentId);
    const valid =
      parent !== null &&
      parent.postId === postId &&
      parent.parentId === null &&
      parent.deletedAt === null &&
      canViewComment(parent, viewer);
    if (!valid) {
      throw new CommentsError('invalid_parent', 'parent_id must name a top-level comment of the same post.', {
        parent_id: parentId,
      });
    }
  }

  private assertEditWindowOpen(comment: Comment): void {
    const closesAt = comment.createdAt.getTime() + this.config.comments.editWindowSeconds * 1_000;
    if (Date.now() > closesAt) {
      throw new CommentsError(
        'edit_window_closed',
        'Comments can be edited only shortly after writing them.',
        {
          edit_window_seconds: this.config.comments.editWindowSeconds,
        },
      );
    }
  }

  /** Records a change for the live streams when everyone may see it: a public post, a comment not hidden. */
  private async recordChange(
    tx: Tx,
    type: 'comment_created' | 'comment_updated',
    post: Post,
    comment: Comment,
  ): Promise<PostChangeEvent | null> {
    if (!isPostPublic(post) || !isCommentPublic(comment)) return null;
    return this.record(tx, type, post, comment.id, CommentV2Presenter.attributes(comment));
  }

  /** What readers of a public post saw is gone: a placeholder is left (for its replies), or nothing. */
  private async recordRemoval(
    tx: Tx,
    post: Post,
    commentId: number,
    placeholder: Comment | null,
  ): Promise<PostChangeEvent | null> {
    if (!isPostPublic(post)) return null;
    const attributes = placeholder && CommentV2Presenter.attributes(placeholder);
    return this.record(tx, 'comment_deleted', post, commentId, attributes);
  }

  private record(
    tx: Tx,
    type: CommentChangeType,
    post: Post,
    commentId: number,
    comment: CommentAttributes | null,
  ): Promise<PostChangeEvent> {
    return this.recorder.record(tx, type, post.id, {
      dom_id: `comments-${commentId}`,
      post_id: post.id,
      comment,
    });
  }

  /** Replays never carry the body of a comment that is hidden, deleted or gone now, whatever the log says. */
  private async withoutNonPublicComments<T extends ReplayedEvent>(events: T[]): Promise<T[]> {
    const idOf = (event: T) =>
      Number(String((event.payload as { dom_id?: string }).dom_id).slice('comments-'.length));
    const carriesComment = (event: T) => event.type === 'comment_created' || event.type === 'comment_updated';
    const removed = await this.comments.notPublicAmong([...new Set(events.filter(carriesComment).map(idOf))]);
    return events.filter((event) => !carriesComment(event) || !removed.has(idOf(event)));
  }
}

import { Injectable } from '@nestjs/common';
import type { Comment, Prisma } from '../generated/prisma/client.js';
import { type Page, type PageWindow, paginate } from '../infra/database/paginate.js';
import { PrismaService } from '../infra/database/prisma.service.js';
import { type CommentViewer, visibleCommentsWhere } from './comment-visibility.js';

type Tx = Prisma.TransactionClient;

/** A position in the oldest-first order (created_at, id). */
export interface CommentPosition {
  createdAt: Date;
  id: number;
}

const OLDEST_FIRST: Prisma.CommentOrderByWithRelationInput[] = [{ createdAt: 'asc' }, { id: 'asc' }];

/** Owns the comments table: every query on it, for this feature and for moderation, goes through here. */
@Injectable()
export class CommentsRepository {
  constructor(private readonly prisma: PrismaService) {}

  findById(id: number): Promise<Comment | null> {
    return this.prisma.comment.findUnique({ where: { id } });
  }

  /** The post's comments the viewer may see, oldest first, one offset page. */
  listPage(postId: number, viewer: CommentViewer, window: PageWindow): Promise<Page<Comment>> {
    const where = { postId, ...visibleCommentsWhere(viewer) };
    return paginate(window, {
      rows: (range) => this.prisma.comment.findMany({ where, orderBy: OLDEST_FIRST, ...range }),
      count: () => this.prisma.comment.count({ where }),
    });
  }

  /**
   * Up to `take` of the post's comments the viewer may see after `after`, oldest first. The lower bound on
   * created_at lets PostgreSQL start the (post_id, created_at, id) index scan at the cursor, so a page costs the
   * same however deep it is; the NOT removes the rows at the cursor's own timestamp up to its id.
   */
  listAfter(postId: number, viewer: CommentViewer, after: CommentPosition | null, take: number) {
    return this.prisma.comment.findMany({
      where: {
        postId,
        ...visibleCommentsWhere(viewer),
        ...(after && {
          createdAt: { gte: after.createdAt },
          NOT: { createdAt: after.createdAt, id: { lte: after.id } },
        }),
      },
      orderBy: OLDEST_FIRST,
      take,
    });
  }

  /** Locks the comment's row until the transaction ends (take the post's lock first); null when it is gone. */
  async lock(tx: Tx, id: number): Promise<Comment | null> {
    const rows = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM comments WHERE id = ${id} FOR UPDATE`;
    return rows.length === 0 ? null : tx.comment.findUnique({ where: { id } });
  }

  create(tx: Tx, data: { postId: number; authorId: number; parentId: number | null; body: string }) {
    return tx.comment.create({ data });
  }

  updateBody(tx: Tx, id: number, body: string): Promise<Comment> {
    return tx.comment.update({ where: { id }, data: { body } });
  }

  async hasReplies(tx: Tx, id: number): Promise<boolean> {
    return (await tx.comment.findFirst({ where: { parentId: id }, select: { id: true } })) !== null;
  }

  /** Keeps the row as a placeholder for its replies; the body is erased, not just hidden. */
  markDeleted(tx: Tx, id: number): Promise<Comment> {
    return tx.comment.update({ where: { id }, data: { deletedAt: new Date(), body: '' } });
  }

  async remove(tx: Tx, id: number): Promise<void> {
    await tx.comment.delete({ where: { id } });
  }

  setHidden(tx: Tx, id: number, hidden: { reason: string } | null): Promise<Comment> {
    return tx.comment.update({
      where: { id },
      data: hidden
        ? { hiddenAt: new Date(), hiddenReason: hidden.reason }
        : { hiddenAt: null, hiddenReason: null },
    });
  }

  /** Of `ids`, those of comments that are gone, deleted or hidden now. */
  async notPublicAmong(ids: number[]): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const shown = await this.prisma.comment.findMany({
      where: { id: { in: ids }, deletedAt: null, hiddenAt: null },
      select: { id: true },
    });
    const public_ = new Set(shown.map((row) => row.id));
    return new Set(ids.filter((id) => !public_.has(id)));
  }
}

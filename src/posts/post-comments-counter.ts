import { Injectable } from '@nestjs/common';
import type { Post, Prisma } from '../generated/prisma/client.js';

type Tx = Prisma.TransactionClient;

/**
 * Owns posts.comments_count for the comments feature, which moves it inside its own transactions. Every comment
 * write locks its post's row first, so the writes on one post take turns and the count stays exact (and locks are
 * always taken post first, then comment, as a post's deletion cascades: no deadlocks between them).
 */
@Injectable()
export class PostCommentsCounter {
  /** Locks the post's row until the transaction ends; null when there is no such post. */
  async lock(tx: Tx, postId: number): Promise<Post | null> {
    const rows = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM posts WHERE id = ${postId} FOR UPDATE`;
    return rows.length === 0 ? null : tx.post.findUnique({ where: { id: postId } });
  }

  /** Raw, so that a comment does not move the post's updated_at (Prisma's @updatedAt would). */
  async move(tx: Tx, postId: number, delta: number): Promise<void> {
    if (delta === 0) return;
    await tx.$executeRaw`UPDATE posts SET comments_count = comments_count + ${delta} WHERE id = ${postId}`;
  }
}

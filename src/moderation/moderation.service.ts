import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import type { ModerationAction, Prisma } from '../generated/prisma/client.js';
import { CommentsService } from '../comments/comments.service.js';
import { PostsService } from '../posts/posts.service.js';
import { decodeIdCursor, pageOf } from './id-cursor.js';
import { type ModerationTarget, ModerationRepository } from './moderation.repository.js';

type Tx = Prisma.TransactionClient;

/** Hiding and showing posts and comments, each change written to the audit log in its own transaction. */
@Injectable()
export class ModerationService {
  constructor(
    private readonly posts: PostsService,
    private readonly comments: CommentsService,
    private readonly repository: ModerationRepository,
  ) {}

  /** Hides the target (404 when it does not exist); hiding hidden content changes and logs nothing. */
  hide(actor: AuthenticatedUser, target: ModerationTarget, reason: string): Promise<void> {
    return this.setHidden(actor, target, { reason }, reason);
  }

  unhide(actor: AuthenticatedUser, target: ModerationTarget, reason: string | null): Promise<void> {
    return this.setHidden(actor, target, null, reason);
  }

  async log(
    cursor: string | undefined,
    limit: number,
  ): Promise<{ items: ModerationAction[]; nextCursor: string | null }> {
    const beforeId = cursor === undefined ? undefined : decodeIdCursor(cursor);
    return pageOf(await this.repository.listActions(beforeId, limit), limit);
  }

  private async setHidden(
    actor: AuthenticatedUser,
    target: ModerationTarget,
    hidden: { reason: string } | null,
    reason: string | null,
  ): Promise<void> {
    const record = { actorId: actor.id, action: hidden ? 'hide' : 'unhide', target, reason } as const;
    // The owners of posts and comments change the row and its live events; the audit entry joins their transaction.
    const audit = (tx: Tx) => this.repository.recordAction(tx, record);
    if (target.type === 'post') await this.posts.setHidden(target.id, hidden, audit);
    else await this.comments.setHidden(target.id, hidden, audit);
  }
}

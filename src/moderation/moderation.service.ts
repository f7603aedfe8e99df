import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import type { ModerationAction } from '../generated/prisma/client.js';
import { PrismaService } from '../infra/database/prisma.service.js';
import { PostsService } from '../posts/posts.service.js';
import { decodeIdCursor, pageOf } from './id-cursor.js';
import { type ModerationTarget, ModerationRepository } from './moderation.repository.js';

/** Hiding and showing posts and comments, each change written to the audit log in its own transaction. */
@Injectable()
export class ModerationService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly posts: PostsService,
    private readonly repository: ModerationRepository,
  ) {}

  /** Hides the target (404 when it does not exist); hiding hidden content changes and logs nothing. */
  hide(actor: AuthenticatedUser, target: ModerationTarget, reason: string): Promise<boolean> {
    return this.setHidden(actor, target, { reason }, reason);
  }

  unhide(actor: AuthenticatedUser, target: ModerationTarget, reason: string | null): Promise<boolean> {
    return this.setHidden(actor, target, null, reason);
  }

  async log(
    cursor: string | undefined,
    limit: number,
  ): Promise<{ items: ModerationAction[]; nextCursor: string | null }> {
    const beforeId = cursor === undefined ? undefined : decodeIdCursor(cursor);
    return pageOf(await this.repository.listActions(beforeId, limit), limit);
  }

  private setHidden(
    actor: AuthenticatedUser,
    target: ModerationTarget,
    hidden: { reason: string } | null,
    reason: string | null,
  ): Promise<boolean> {
    const record = { actorId: actor.id, action: hidden ? 'hide' : 'unhide', target, reason } as const;
    if (target.type === 'post') {
      // PostsService owns posts and their list events; the audit entry joins its transaction.
      return this.posts.setHidden(target.id, hidden, (tx) => this.repository.recordAction(tx, record));
    }
    return this.prisma.$transaction(async (tx) => {
      const changed = await this.repository.setCommentHidden(tx, target.id, hidden);
      if (changed) await this.repository.recordAction(tx, record);
      return changed;
    });
  }
}

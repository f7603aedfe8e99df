import { Injectable, Logger } from '@nestjs/common';
import { AdminSuccessionPolicy } from '../../auth/admin-succession.policy.js';
import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { LiveConnections } from '../../common/live-connections.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import type { PostChangeEvent } from '../../posts/post-events-bus.js';
import { PostsService } from '../../posts/posts.service.js';
import { OrdersRepository } from '../../shop/orders/orders.repository.js';
import { UploadsService } from '../../uploads/uploads.service.js';
import { UsersRepository } from '../../users/users.repository.js';
import { LifecycleError } from './lifecycle.errors.js';
import { type ProofContext, ReauthenticationPolicy } from '../credentials/reauthentication.policy.js';

// Many rows can go at once (posts, their events, likes); the default 5 s would fail a large account under load.
const DELETION_TIMEOUT_MS = 60_000;

interface Removed {
  postEvents: PostChangeEvent[];
  objectKeys: string[];
}

/**
 * `DELETE /api/auth/account`. In one transaction: the last-admin check, the user's likes withdrawn, their posts
 * deleted with a `post_deleted` event each (and the earlier events with their content), failed orders deleted,
 * then the user row, which cascades to sessions, tokens, identities, API keys, comments, cart, uploads rows, jobs
 * and topic memberships; paid and pending orders stay with user_id null. After the commit: every socket of the
 * user is disconnected (presence goes with them), the storage objects are deleted and the post events announced.
 */
@Injectable()
export class AccountDeletionService {
  private readonly logger = new Logger(AccountDeletionService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly reauthentication: ReauthenticationPolicy,
    private readonly succession: AdminSuccessionPolicy,
    private readonly users: UsersRepository,
    private readonly posts: PostsService,
    private readonly uploads: UploadsService,
    private readonly orders: OrdersRepository,
    private readonly liveConnections: LiveConnections,
  ) {}

  async delete(user: AuthenticatedUser, password: string | undefined, proof: ProofContext): Promise<void> {
    const account = await this.users.findById(user.id);
    if (!account) throw new LifecycleError('unauthenticated', 'Authentication is required.');
    await this.reauthentication.prove(account, password, proof);
    const removed = await this.prisma.$transaction((tx) => this.removeWithin(tx, user.id), {
      timeout: DELETION_TIMEOUT_MS,
    });
    await this.liveConnections.endForUser(user.id);
    const { failed } = await this.uploads.deleteObjects(removed.objectKeys);
    await this.posts.announceAll(removed.postEvents);
    this.logger.log(
      { userId: user.id, posts: removed.postEvents.length, objects: removed.objectKeys.length, failed },
      'account deleted',
    );
  }

  private async removeWithin(tx: Prisma.TransactionClient, userId: number): Promise<Removed> {
    const account = await this.users.findById(userId, tx);
    if (!account) throw new LifecycleError('unauthenticated', 'Authentication is required.');
    if (account.role === 'admin') await this.succession.assertAnotherAdminRemainsWithin(tx, userId);
    await this.posts.withdrawLikesWithin(tx, userId);
    const postEvents = await this.posts.removeAllByAuthorWithin(tx, userId);
    const objectKeys = await this.uploads.objectKeysOfOwnerWithin(tx, userId);
    await this.orders.detachCustomerWithin(tx, userId);
    if (!(await this.users.deleteWithin(userId, tx))) {
      throw new LifecycleError('unauthenticated', 'Authentication is required.');
    }
    return { postEvents, objectKeys };
  }
}

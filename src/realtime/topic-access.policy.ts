import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { PrismaService } from '../infra/database/prisma.service.js';
import { PostsService } from '../posts/posts.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { RealtimeError } from './realtime.errors.js';
import type { Topic } from './topics.js';

/**
 * Who may join a topic (`posts` and `room:*`: any signed-in user; `post:<id>`: anyone who may see that post;
 * `private:*`: its members, admin passes) and where clients may send messages (not `posts` or `post:*`, which carry
 * changes from the server only). The role and
 * membership are read when the join happens, never taken from the connection's handshake: a socket keeps no
 * authority its user has lost.
 */
@Injectable()
export class TopicAccessPolicy {
  constructor(
    private readonly prisma: PrismaService,
    private readonly users: UsersRepository,
    private readonly posts: PostsService,
  ) {}

  // Members (the usual case) cost one query; the current role is read only for the others.
  async assertCanJoin(user: Pick<AuthenticatedUser, 'id'>, topic: Topic): Promise<void> {
    if (topic.kind === 'post') return this.assertCanSeePost(user, topic.postId);
    if (topic.kind !== 'private') return;
    if (await this.isMember(topic.name, user.id)) return;
    if ((await this.users.findRole(user.id)) === 'admin') return;
    throw new RealtimeError('topic_forbidden', 'This private topic is open to its members only.');
  }

  assertCanSend(topic: Topic): void {
    if (topic.kind === 'posts' || topic.kind === 'post') {
      throw new RealtimeError('topic_read_only', 'Post topics carry changes from the server only.');
    }
  }

  /** `post:<id>` is open to anyone who may see the post now (drafts and hidden posts: not to everyone). */
  private async assertCanSeePost(user: Pick<AuthenticatedUser, 'id'>, postId: number): Promise<void> {
    const role = await this.users.findRole(user.id);
    const viewer = role ? { id: user.id, role } : null;
    await this.posts.findVisible(postId, viewer).catch(() => {
      throw new RealtimeError('topic_forbidden', 'No such post, or one you cannot see.');
    });
  }

  async isMember(topic: string, userId: number): Promise<boolean> {
    const member = await this.prisma.topicMember.findUnique({ where: { topic_userId: { topic, userId } } });
    return member !== null;
  }
}

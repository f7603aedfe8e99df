import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { ForbiddenError } from '../common/errors/domain-error.js';
import { PrismaService } from '../infra/database/prisma.service.js';
import type { Topic } from './topics.js';

/**
 * Who may join a topic: `posts` and `room:*` any signed-in user; `private:*` its members (admin passes). The role
 * and membership are read when the join happens, never taken from the connection's handshake: a socket keeps no
 * authority its user has lost.
 */
@Injectable()
export class TopicAccessPolicy {
  constructor(private readonly prisma: PrismaService) {}

  async assertCanJoin(user: Pick<AuthenticatedUser, 'id'>, topic: Topic): Promise<void> {
    if (topic.kind !== 'private') return;
    // One query for both facts: the current role and the membership.
    const current = await this.prisma.user.findUnique({
      where: { id: user.id },
      select: { role: true, topicMemberships: { where: { topic: topic.name }, select: { userId: true } } },
    });
    if (current?.role === 'admin' || (current?.topicMemberships.length ?? 0) > 0) return;
    throw new ForbiddenError('This private topic is open to its members only.', 'topic_forbidden');
  }

  async isMember(topic: string, userId: number): Promise<boolean> {
    const member = await this.prisma.topicMember.findUnique({ where: { topic_userId: { topic, userId } } });
    return member !== null;
  }
}

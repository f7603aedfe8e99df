import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { PrismaService } from '../infra/database/prisma.service.js';
import { RealtimeError } from './realtime.errors.js';
import type { Topic } from './topics.js';

/**
 * Who may join a topic (`posts` and `room:*`: any signed-in user; `private:*`: its members, admin passes) and
 * where clients may send messages (not `posts`, which carries post changes from the server only).
 */
@Injectable()
export class TopicAccessPolicy {
  constructor(private readonly prisma: PrismaService) {}

  async assertCanJoin(user: AuthenticatedUser, topic: Topic): Promise<void> {
    if (topic.kind !== 'private' || user.role === 'admin') return;
    if (!(await this.isMember(topic.name, user.id))) {
      throw new RealtimeError('topic_forbidden', 'This private topic is open to its members only.');
    }
  }

  assertCanSend(topic: Topic): void {
    if (topic.kind === 'posts') {
      throw new RealtimeError('topic_read_only', 'The posts topic carries post changes only.');
    }
  }

  async isMember(topic: string, userId: number): Promise<boolean> {
    const member = await this.prisma.topicMember.findUnique({ where: { topic_userId: { topic, userId } } });
    return member !== null;
  }
}

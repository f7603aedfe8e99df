import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { PrismaService } from '../infra/database/prisma.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { RealtimeError } from './realtime.errors.js';
import { PresenceService } from './presence/presence.service.js';
import { TopicAccessPolicy } from './topic-access.policy.js';
import { parseTopic, userRoom } from './topics.js';
import { RealtimeServer } from './realtime-server.js';

export interface PrivateTopicView {
  topic: string;
  members: number[];
}

/**
 * Private topics and their members (topic_members). Members add members; anyone may leave; admin does anything.
 * A removed member's connections are taken out of the topic at once, on every instance.
 */
@Injectable()
export class PrivateTopicsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly users: UsersRepository,
    private readonly access: TopicAccessPolicy,
    private readonly presence: PresenceService,
    private readonly realtime: RealtimeServer,
  ) {}

  async create(creator: AuthenticatedUser, memberIds: number[]): Promise<PrivateTopicView> {
    const topic = `private:${randomBytes(12).toString('base64url')}`;
    const ids = [...new Set([creator.id, ...memberIds])];
    await this.assertUsersExist(ids);
    await this.prisma.topicMember.createMany({ data: ids.map((userId) => ({ topic, userId })) });
    return this.view(topic);
  }

  async listFor(user: AuthenticatedUser): Promise<PrivateTopicView[]> {
    const memberships = await this.prisma.topicMember.findMany({
      where: { userId: user.id },
      orderBy: { createdAt: 'asc' },
    });
    return Promise.all(memberships.map((membership) => this.view(membership.topic)));
  }

  async get(viewer: AuthenticatedUser, topic: string): Promise<PrivateTopicView> {
    await this.assertMemberOrAdmin(viewer, topic);
    return this.view(topic);
  }

  async addMember(actor: AuthenticatedUser, topic: string, userId: number): Promise<void> {
    await this.assertMemberOrAdmin(actor, topic);
    await this.assertUsersExist([userId]);
    await this.prisma.topicMember.createMany({ data: [{ topic, userId }], skipDuplicates: true });
  }

  async removeMember(actor: AuthenticatedUser, topic: string, userId: number): Promise<void> {
    await this.assertMemberOrAdmin(actor, topic);
    if (actor.id !== userId && actor.role !== 'admin') {
      throw new RealtimeError('forbidden', 'Members may remove themselves; only an admin removes others.');
    }
    const { count } = await this.prisma.topicMember.deleteMany({ where: { topic, userId } });
    if (count === 0) throw new RealtimeError('not_found', 'Member not found.');
    this.realtime.server?.in(userRoom(userId)).socketsLeave(topic);
    await this.presence.removeUser(topic, userId);
  }

  private async view(topic: string): Promise<PrivateTopicView> {
    const members = await this.prisma.topicMember.findMany({ where: { topic }, orderBy: { userId: 'asc' } });
    return { topic, members: members.map((member) => member.userId) };
  }

  // Non-members get the same 404 as for a topic that does not exist: private topic names are not disclosed.
  private async assertMemberOrAdmin(user: AuthenticatedUser, name: string): Promise<void> {
    const topic = parseTopic(name);
    const exists =
      topic.kind === 'private' && (await this.prisma.topicMember.count({ where: { topic: name } })) > 0;
    if (!exists) throw new RealtimeError('not_found', 'Topic not found.');
    if (user.role !== 'admin' && !(await this.access.isMember(name, user.id)))
      throw new RealtimeError('not_found', 'Topic not found.');
  }

  private async assertUsersExist(ids: number[]): Promise<void> {
    if (!(await this.users.allExist(ids))) throw new RealtimeError('not_found', 'User not found.');
  }
}

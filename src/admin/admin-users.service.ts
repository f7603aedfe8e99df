import { Injectable } from '@nestjs/common';
import { AdminSuccessionPolicy } from '../auth/admin-succession.policy.js';
import { NotFoundError } from '../common/errors/domain-error.js';
import { LiveConnections } from '../common/live-connections.js';
import type { User } from '../generated/prisma/client.js';
import type { Role } from '../generated/prisma/enums.js';
import { PrismaService } from '../infra/database/prisma.service.js';

const MAX_INT4 = 2_147_483_647;

/** Users as admins see them, and role changes: never the last admin, and sockets follow the new role. */
@Injectable()
export class AdminUsersService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly succession: AdminSuccessionPolicy,
    private readonly liveConnections: LiveConnections,
  ) {}

  async list(page: number, pageSize: number): Promise<{ users: User[]; total: number }> {
    const [users, total] = await this.prisma.$transaction([
      this.prisma.user.findMany({ orderBy: { id: 'asc' }, skip: (page - 1) * pageSize, take: pageSize }),
      this.prisma.user.count(),
    ]);
    return { users, total };
  }

  /**
   * Demoting the last admin → 409 `last_admin`. A changed role disconnects the user's sockets on every instance:
   * they reconnect and are judged by the new role.
   */
  async changeRole(id: number, role: Role): Promise<User> {
    if (id > MAX_INT4) throw new NotFoundError('User');
    const { previous, user } = await this.prisma.$transaction(async (tx) => {
      const current = await tx.user.findUnique({ where: { id }, select: { role: true } });
      if (!current) throw new NotFoundError('User');
      if (current.role === 'admin' && role !== 'admin') {
        await this.succession.assertAnotherAdminRemainsWithin(tx, id);
      }
      return { previous: current.role, user: await tx.user.update({ where: { id }, data: { role } }) };
    });
    if (previous !== role) await this.liveConnections.endForUser(id);
    return user;
  }
}

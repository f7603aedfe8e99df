import { Injectable } from '@nestjs/common';
import { AdminSuccessionPolicy } from '../auth/admin-succession.policy.js';
import { LiveConnections } from '../common/live-connections.js';
import type { User } from '../generated/prisma/client.js';
import type { Role } from '../generated/prisma/enums.js';
import type { Page, PageWindow } from '../infra/database/paginate.js';
import { PrismaService } from '../infra/database/prisma.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { AdminError } from './admin.errors.js';

/** What admins do to accounts: list them and change their roles (never the last admin's; sockets follow). */
@Injectable()
export class AdminUsersService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly users: UsersRepository,
    private readonly succession: AdminSuccessionPolicy,
    private readonly liveConnections: LiveConnections,
  ) {}

  list(window: PageWindow): Promise<Page<User>> {
    return this.users.listPage(window);
  }

  /**
   * Demoting the last admin → 409 `last_admin`. A changed role disconnects the user's sockets on every instance:
   * they reconnect and are judged by the new role.
   */
  async changeRole(id: number, role: Role): Promise<User> {
    const { previous, user } = await this.prisma.$transaction(async (tx) => {
      const current = await this.users.findById(id, tx);
      if (!current) throw new AdminError('not_found', 'User not found.');
      if (current.role === 'admin' && role !== 'admin') {
        await this.succession.assertAnotherAdminRemainsWithin(tx, id);
      }
      const changed = await this.users.changeRole(id, role, tx);
      return { previous: current.role, user: changed ?? current };
    });
    if (previous !== role) await this.liveConnections.endForUser(id);
    return user;
  }
}

import { Injectable } from '@nestjs/common';
import type { User } from '../generated/prisma/client.js';
import type { Role } from '../generated/prisma/enums.js';
import type { Page, PageWindow } from '../infra/database/paginate.js';
import { UsersRepository } from '../users/users.repository.js';
import { AdminError } from './admin.errors.js';

/** What admins do to accounts: list them and change their roles. */
@Injectable()
export class AdminUsersService {
  constructor(private readonly users: UsersRepository) {}

  list(window: PageWindow): Promise<Page<User>> {
    return this.users.listPage(window);
  }

  async changeRole(id: number, role: Role): Promise<User> {
    const user = await this.users.changeRole(id, role);
    if (!user) throw new AdminError('not_found', 'User not found.');
    return user;
  }
}

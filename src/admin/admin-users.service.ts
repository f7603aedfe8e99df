import { Injectable } from '@nestjs/common';
import { AdminError } from './admin.errors.js';
import type { User } from '../generated/prisma/client.js';
import type { Role } from '../generated/prisma/enums.js';
import { PrismaService } from '../infra/database/prisma.service.js';

const MAX_INT4 = 2_147_483_647;

@Injectable()
export class AdminUsersService {
  constructor(private readonly prisma: PrismaService) {}

  async list(page: number, pageSize: number): Promise<{ users: User[]; total: number }> {
    const [users, total] = await this.prisma.$transaction([
      this.prisma.user.findMany({ orderBy: { id: 'asc' }, skip: (page - 1) * pageSize, take: pageSize }),
      this.prisma.user.count(),
    ]);
    return { users, total };
  }

  async changeRole(id: number, role: Role): Promise<User> {
    if (id > MAX_INT4) throw new AdminError('not_found', 'User not found.');
    const { count } = await this.prisma.user.updateMany({ where: { id }, data: { role } });
    if (count === 0) throw new AdminError('not_found', 'User not found.');
    return this.prisma.user.findUniqueOrThrow({ where: { id } });
  }
}

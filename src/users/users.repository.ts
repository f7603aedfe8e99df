import { Inject, Injectable } from '@nestjs/common';
import type { Prisma, PrismaClient, User } from '../generated/prisma/client.js';
import type { Role } from '../generated/prisma/enums.js';
import { type Page, type PageWindow, paginate } from '../infra/database/paginate.js';
import { PrismaService } from '../infra/database/prisma.service.js';

/** The client to run on: the application's, or a transaction's. */
type Db = PrismaClient | Prisma.TransactionClient;

export interface NewUser {
  email: string;
  passwordHash?: string;
  displayName?: string | null;
  role?: Role;
}

/**
 * The one owner of the `users` table: auth, admin, API keys, private topics and the demo seed read and write users
 * through it. Emails arrive already normalised (the auth feature decides what an address is).
 */
@Injectable()
export class UsersRepository {
  // Typed as the plain client so that the demo seed, which runs before Nest starts, can use it too.
  constructor(@Inject(PrismaService) private readonly prisma: PrismaClient) {}

  findById(id: number): Promise<User | null> {
    return this.prisma.user.findUnique({ where: { id } });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.prisma.user.findUnique({ where: { email } });
  }

  /** Whether every one of `ids` names a user. */
  async allExist(ids: readonly number[]): Promise<boolean> {
    return (await this.prisma.user.count({ where: { id: { in: [...ids] } } })) === ids.length;
  }

  /** Oldest first. */
  listPage(window: PageWindow): Promise<Page<User>> {
    return paginate(window, {
      rows: (range) => this.prisma.user.findMany({ orderBy: { id: 'asc' }, ...range }),
      count: () => this.prisma.user.count(),
    });
  }

  /** Throws Prisma's unique violation (P2002) when the email is taken. */
  create(user: NewUser, db: Db = this.prisma): Promise<User> {
    return db.user.create({ data: user });
  }

  /** Creates the user unless one has the email already; either way leaves that user as it is. */
  ensure(user: NewUser): Promise<User> {
    return this.prisma.user.upsert({ where: { email: user.email }, update: {}, create: user });
  }

  /** The user with the new role, or null when there is no such user. */
  async changeRole(id: number, role: Role): Promise<User | null> {
    const { count } = await this.prisma.user.updateMany({ where: { id }, data: { role } });
    return count === 0 ? null : this.prisma.user.findUniqueOrThrow({ where: { id } });
  }

  setPasswordHash(id: number, passwordHash: string, db: Db = this.prisma): Promise<User> {
    return db.user.update({ where: { id }, data: { passwordHash } });
  }

  /** Replaces the hash only if it is still `current`: a password changed meanwhile is never overwritten. */
  async replacePasswordHash(id: number, current: string | null, passwordHash: string): Promise<void> {
    await this.prisma.user.updateMany({ where: { id, passwordHash: current }, data: { passwordHash } });
  }
}

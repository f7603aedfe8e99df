import { Inject, Injectable } from '@nestjs/common';
import type { Prisma, PrismaClient, User } from '../generated/prisma/client.js';
import type { Role } from '../generated/prisma/enums.js';
import { type Page, type PageWindow, paginate } from '../infra/database/paginate.js';
import { type PreparedRead, PrismaService } from '../infra/database/prisma.service.js';

/** The client to run on: the application's, or a transaction's. */
type Db = PrismaClient | Prisma.TransactionClient;

export interface NewUser {
  email: string;
  passwordHash?: string;
  displayName?: string | null;
  role?: Role;
  /** Set when the address is already proven (a provider that vouches for it). */
  emailVerifiedAt?: Date;
}

/** Every column of `User`, under its Prisma field name. */
const USER_COLUMNS = `id, email, password_hash AS "passwordHash", role, display_name AS "displayName",
  email_verified_at AS "emailVerifiedAt", credentials_changed_at AS "credentialsChangedAt",
  created_at AS "createdAt", updated_at AS "updatedAt"`;

const USER_BY_ID: PreparedRead = {
  name: 'users_by_id',
  text: `SELECT ${USER_COLUMNS} FROM users WHERE id = $1`,
};

const USERS_BY_IDS: PreparedRead = {
  name: 'users_by_ids',
  text: `SELECT ${USER_COLUMNS} FROM users WHERE id = ANY($1::int[])`,
};

/**
 * The one owner of the `users` table: auth, admin, API keys, private topics and the demo seed read and write users
 * through it. Emails arrive already normalised (the auth feature decides what an address is).
 */
@Injectable()
export class UsersRepository {
  // Typed as the plain client so that the demo seed, which runs before Nest starts, can use it too.
  constructor(@Inject(PrismaService) private readonly prisma: PrismaClient) {}

  /**
   * Every bearer-authenticated request and socket handshake reads its user: outside a transaction that read goes
   * straight to the pg pool (`preparedRows`), not through Prisma's query engine.
   */
  async findById(id: number, db: Db = this.prisma): Promise<User | null> {
    const pool = this.pooled(db);
    if (!pool) return db.user.findUnique({ where: { id } });
    const [user] = await pool.preparedRows<User>(USER_BY_ID, [id]);
    return user ?? null;
  }

  findByEmail(email: string, db: Db = this.prisma): Promise<User | null> {
    return db.user.findUnique({ where: { email } });
  }

  /** The user's current role (null when there is no such user): authority is read here, never from a token. */
  async findRole(id: number): Promise<Role | null> {
    const user = await this.prisma.user.findUnique({ where: { id }, select: { role: true } });
    return user?.role ?? null;
  }

  /** How many admins there are besides `userId`. */
  countAdminsOtherThan(userId: number, db: Db = this.prisma): Promise<number> {
    return db.user.count({ where: { role: 'admin', id: { not: userId } } });
  }

  /** The users among `ids` (one query for all of them). */
  findManyByIds(ids: readonly number[]): Promise<User[]> {
    const pool = this.pooled(this.prisma);
    if (!pool) return this.prisma.user.findMany({ where: { id: { in: [...ids] } } });
    return pool.preparedRows<User>(USERS_BY_IDS, [[...ids]]);
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
  async changeRole(id: number, role: Role, db: Db = this.prisma): Promise<User | null> {
    const { count } = await db.user.updateMany({ where: { id }, data: { role } });
    return count === 0 ? null : db.user.findUniqueOrThrow({ where: { id } });
  }

  /** `null` removes the password: the account then signs in through its linked providers only. */
  setPasswordHash(id: number, passwordHash: string | null, db: Db = this.prisma): Promise<User> {
    return db.user.update({ where: { id }, data: { passwordHash } });
  }

  /** A proven new address (confirmed at `at`). Throws Prisma's unique violation (P2002) when it is taken. */
  changeEmail(id: number, email: string, at: Date, db: Db = this.prisma): Promise<User> {
    return db.user.update({ where: { id }, data: { email, emailVerifiedAt: at } });
  }

  /** Marks the user's current address as confirmed at `at`. */
  markEmailVerified(id: number, at: Date, db: Db = this.prisma): Promise<User> {
    return db.user.update({ where: { id }, data: { emailVerifiedAt: at } });
  }

  /**
   * Moves the user's credentials epoch (`credentials_changed_at`) strictly forward, even for two changes within
   * one millisecond, so an epoch is never reused. Returns the new epoch, or null when there is no such user.
   */
  async moveCredentialsEpoch(id: number, db: Db = this.prisma): Promise<Date | null> {
    const rows = await db.$queryRaw<{ epoch: Date }[]>`
      UPDATE users
         SET credentials_changed_at =
               GREATEST(clock_timestamp(), credentials_changed_at + interval '1 millisecond'),
             updated_at = clock_timestamp()
       WHERE id = ${id}
   RETURNING credentials_changed_at AS epoch`;
    return rows.length === 0 ? null : new Date(rows[0].epoch);
  }

  /**
   * Account deletion: the user row goes, and with it (ON DELETE CASCADE) every row that belongs to the account
   * alone; orders keep their row with user_id set to null. False when there was no such user.
   */
  async deleteWithin(id: number, db: Db): Promise<boolean> {
    const { count } = await db.user.deleteMany({ where: { id } });
    return count === 1;
  }

  /** Replaces the hash only if it is still `current`: a password changed meanwhile is never overwritten. */
  /** Replaces the hash only if it is still `current`; false when another change landed first. */
  async replacePasswordHash(id: number, current: string | null, passwordHash: string): Promise<boolean> {
    const replaced = await this.prisma.user.updateMany({
      where: { id, passwordHash: current },
      data: { passwordHash },
    });
    return replaced.count === 1;
  }

  /**
   * The application's client, when `db` is it (not a transaction, not the seed's plain client). Asked by method,
   * not `instanceof`: Prisma hands out its client behind a proxy that `instanceof` does not see through.
   */
  private pooled(db: Db): PrismaService | undefined {
    const candidate = db as Partial<PrismaService>;
    return db === this.prisma && typeof candidate.preparedRows === 'function'
      ? (db as PrismaService)
      : undefined;
  }
}

import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../infra/database/prisma.service.js';

const PAGE_SIZE = 500;

/**
 * The reads behind `GET /api/auth/account/export`, across every table that holds something about a user. They
 * live together, read-only, because every column that leaves Hearth is listed here by name (Prisma `select`): a
 * column added later (a new hash or token) is not exported until someone adds it on purpose. Large sections are
 * read in pages of 500 by id, so an export never holds a whole history in memory.
 */
@Injectable()
export class AccountExportRepository {
  constructor(private readonly prisma: PrismaService) {}

  profile(userId: number) {
    return this.prisma.user.findUnique({
      where: { id: userId },
      select: {
        id: true,
        email: true,
        displayName: true,
        role: true,
        emailVerifiedAt: true,
        createdAt: true,
        updatedAt: true,
      },
    });
  }

  /** Whether a password is set: the fact, never the hash. */
  async hasPassword(userId: number): Promise<boolean> {
    return (await this.prisma.user.count({ where: { id: userId, passwordHash: { not: null } } })) === 1;
  }

  identities(userId: number) {
    return this.prisma.oAuthIdentity.findMany({
      where: { userId },
      orderBy: { id: 'asc' },
      select: { provider: true, providerUserId: true, email: true, createdAt: true },
    });
  }

  sessions(userId: number) {
    return this.prisma.session.findMany({
      where: { userId },
      orderBy: { createdAt: 'asc' },
      select: {
        id: true,
        createdAt: true,
        lastSeenAt: true,
        expiresAt: true,
        ipPrefix: true,
        userAgent: true,
      },
    });
  }

  apiKeys(userId: number) {
    return this.prisma.apiKey.findMany({
      where: { userId },
      orderBy: { id: 'asc' },
      select: {
        id: true,
        name: true,
        prefix: true,
        rateLimitPerHour: true,
        createdAt: true,
        lastUsedAt: true,
        revokedAt: true,
      },
    });
  }

  cart(userId: number) {
    return this.prisma.cartItem.findMany({
      where: { userId },
      orderBy: { createdAt: 'asc' },
      select: {
        productId: true,
        quantity: true,
        createdAt: true,
        product: { select: { name: true, priceCents: true } },
      },
    });
  }

  topicMemberships(userId: number) {
    return this.prisma.topicMember.findMany({
      where: { userId },
      orderBy: { createdAt: 'asc' },
      select: { topic: true, createdAt: true },
    });
  }

  posts(userId: number) {
    return pagesById((after) =>
      this.prisma.post.findMany({
        where: { authorId: userId, id: { gt: after } },
        orderBy: { id: 'asc' },
        take: PAGE_SIZE,
        select: {
          id: true,
          title: true,
          body: true,
          published: true,
          likesCount: true,
          createdAt: true,
          updatedAt: true,
        },
      }),
    );
  }

  comments(userId: number) {
    return pagesById((after) =>
      this.prisma.comment.findMany({
        where: { authorId: userId, id: { gt: after } },
        orderBy: { id: 'asc' },
        take: PAGE_SIZE,
        select: { id: true, postId: true, body: true, createdAt: true, updatedAt: true },
      }),
    );
  }

  /** Likes have no id of their own: paged by post id (one like per post and user). */
  likes(userId: number) {
    return pages(
      (after) =>
        this.prisma.postLike.findMany({
          where: { userId, postId: { gt: after } },
          orderBy: { postId: 'asc' },
          take: PAGE_SIZE,
          select: { postId: true, createdAt: true },
        }),
      (like) => like.postId,
    );
  }

  uploads(userId: number) {
    return pages(
      (after: string) =>
        this.prisma.upload.findMany({
          where: { ownerId: userId, id: { gt: after } },
          orderBy: { id: 'asc' },
          take: PAGE_SIZE,
          select: { id: true, name: true, contentType: true, size: true, status: true, createdAt: true },
        }),
      (upload) => upload.id,
      '00000000-0000-0000-0000-000000000000',
    );
  }

  orders(userId: number) {
    return pagesById((after) =>
      this.prisma.order.findMany({
        where: { userId, id: { gt: after } },
        orderBy: { id: 'asc' },
        take: PAGE_SIZE,
        select: {
          id: true,
          status: true,
          amountCents: true,
          currency: true,
          createdAt: true,
          updatedAt: true,
          items: {
            orderBy: { id: 'asc' },
            select: { productId: true, name: true, priceCents: true, quantity: true },
          },
        },
      }),
    );
  }

  jobs(userId: number) {
    return pages(
      (after: string) =>
        this.prisma.job.findMany({
          where: { ownerId: userId, id: { gt: after } },
          orderBy: { id: 'asc' },
          take: PAGE_SIZE,
          select: { id: true, kind: true, status: true, input: true, createdAt: true, finishedAt: true },
        }),
      (job) => job.id,
      '00000000-0000-0000-0000-000000000000',
    );
  }
}

function pagesById<Row extends { id: number }>(read: (after: number) => Promise<Row[]>): AsyncGenerator<Row> {
  return pages(read, (row) => row.id);
}

/** Every row of a keyset-paged read, page by page: `read(after)` returns up to PAGE_SIZE rows after the cursor. */
async function* pages<Row, Cursor = number>(
  read: (after: Cursor) => Promise<Row[]>,
  cursorOf: (row: Row) => Cursor,
  start: Cursor = 0 as Cursor,
): AsyncGenerator<Row> {
  let after = start;
  for (;;) {
    const rows = await read(after);
    yield* rows;
    if (rows.length < PAGE_SIZE) return;
    after = cursorOf(rows[rows.length - 1]);
  }
}

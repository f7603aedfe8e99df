import argon2 from 'argon2';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Comment, Post, Product, User } from '../../src/generated/prisma/client.js';
import type { Role } from '../../src/generated/prisma/enums.js';
import type { PrismaService } from '../../src/infra/database/prisma.service.js';

// Valid rows with overridable fields: `buildUser(prisma, { role: 'admin' })`.

let sequence = 0;
const next = () => ++sequence;

export async function buildUser(
  prisma: PrismaService,
  overrides: {
    email?: string;
    role?: Role;
    password?: string;
    displayName?: string;
    /** Set: the address was confirmed (through the emailed link or a provider that vouched for it). */
    emailVerifiedAt?: Date | null;
  } = {},
): Promise<User> {
  const { password, ...fields } = overrides;
  return prisma.user.create({
    data: {
      email: `user-${next()}-${randomUUID().slice(0, 8)}@example.test`,
      role: 'user',
      passwordHash: password
        ? await argon2.hash(password, {
            type: argon2.argon2id,
            memoryCost: 19_456,
            timeCost: 2,
            parallelism: 1,
          })
        : null,
      ...fields,
    },
  });
}

export async function buildPost(
  prisma: PrismaService,
  overrides: Partial<
    Pick<Post, 'authorId' | 'title' | 'body' | 'published' | 'createdAt' | 'likesCount'>
  > = {},
): Promise<Post> {
  const authorId = overrides.authorId ?? (await buildUser(prisma)).id;
  const n = next();
  return prisma.post.create({
    data: { title: `Post ${n}`, body: `Body of post ${n}.`, published: true, ...overrides, authorId },
  });
}

export async function buildComment(
  prisma: PrismaService,
  overrides: Partial<Pick<Comment, 'postId' | 'authorId' | 'body'>> = {},
): Promise<Comment> {
  const postId = overrides.postId ?? (await buildPost(prisma)).id;
  const authorId = overrides.authorId ?? (await buildUser(prisma)).id;
  // As the API writes it: the post's comments_count moves with the comment (raw, so updated_at stays).
  const [comment] = await prisma.$transaction([
    prisma.comment.create({ data: { body: `Comment ${next()}`, ...overrides, postId, authorId } }),
    prisma.$executeRaw`UPDATE posts SET comments_count = comments_count + 1 WHERE id = ${postId}`,
  ]);
  return comment;
}

export async function buildProduct(
  prisma: PrismaService,
  overrides: Partial<Pick<Product, 'name' | 'description' | 'priceCents' | 'active'>> = {},
): Promise<Product> {
  return prisma.product.create({ data: { name: `Product ${next()}`, priceCents: 1_000, ...overrides } });
}

export async function buildCartItem(
  prisma: PrismaService,
  overrides: { userId?: number; productId?: number; quantity?: number } = {},
): Promise<{ userId: number; productId: number; quantity: number }> {
  const userId = overrides.userId ?? (await buildUser(prisma)).id;
  const productId = overrides.productId ?? (await buildProduct(prisma)).id;
  return prisma.cartItem.create({ data: { userId, productId, quantity: overrides.quantity ?? 1 } });
}

/** A valid password-reset token for `userId`, as the emailed link would carry it (the table keeps its SHA-256). */
export async function buildPasswordResetToken(prisma: PrismaService, userId: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await prisma.passwordResetToken.create({
    data: {
      userId,
      tokenHash: createHash('sha256').update(token).digest('hex'),
      expiresAt: new Date(Date.now() + 3_600_000),
    },
  });
  return token;
}

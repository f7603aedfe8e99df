import { hashPassword } from '../auth/password-hasher.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import { UsersRepository } from '../users/users.repository.js';

// Demo data for a fresh embedded database. Idempotent: users are upserted by email, and posts and products are
// only created when none exist yet, so restarting never duplicates anything.

export const DEMO_PASSWORD = 'hearth-demo-password';
export const DEMO_USERS = [
  { email: 'admin@hearth.local', role: 'admin', displayName: 'Ada Admin' },
  { email: 'moderator@hearth.local', role: 'moderator', displayName: 'Max Moderator' },
  { email: 'alice@hearth.local', role: 'user', displayName: 'Alice' },
  { email: 'bob@hearth.local', role: 'user', displayName: 'Bob' },
  { email: 'carol@hearth.local', role: 'user', displayName: 'Carol' },
] as const;

const TOPICS = [
  'Hearth',
  'PostgreSQL',
  'WebSockets',
  'TypeScript',
  'Caching',
  'Rate limits',
  'Presence',
  'Uploads',
];

const PRODUCTS = [
  { name: 'Hearth mug', description: 'Holds 350 ml of coffee.', priceCents: 1_200 },
  { name: 'Sticker pack', description: 'Ten vinyl stickers.', priceCents: 500 },
  { name: 'Hoodie', description: 'Warm, navy, organic cotton.', priceCents: 4_900 },
  { name: 'Notebook', description: 'Dot grid, 120 pages.', priceCents: 1_500 },
];

export async function seedDemoData(prisma: PrismaClient): Promise<{ created: boolean }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const repository = new UsersRepository(prisma);
  const users = [];
  for (const user of DEMO_USERS) users.push(await repository.ensure({ ...user, passwordHash }));
  if ((await prisma.post.count()) > 0) return { created: false };

  const authors = users.filter((user) => user.role !== 'admin');
  const start = Date.now() - 50 * 3_600_000;
  await prisma.post.createMany({
    data: Array.from({ length: 50 }, (_, index) => {
      const topic = TOPICS[index % TOPICS.length];
      return {
        authorId: authors[index % authors.length].id,
        title: `${topic} notes #${index + 1}`,
        body:
          `A demo post about ${topic.toLowerCase()}. ` +
          'It exists so that a fresh Hearth has something to list, page through, like and stream. '.repeat(3),
        published: index % 10 !== 9,
        createdAt: new Date(start + index * 3_600_000),
      };
    }),
  });
  if ((await prisma.product.count()) === 0) await prisma.product.createMany({ data: PRODUCTS });
  return { created: true };
}

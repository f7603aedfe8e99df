import type { User } from '../../src/generated/prisma/client.js';
import type { PrismaService } from '../../src/infra/database/prisma.service.js';
import { buildUser } from './factories.js';

/**
 * The people most stories need: the owner of a resource, a stranger to it (a plain user too), a moderator and an
 * admin. Fresh users each time, so files that share a database never see each other's cast.
 */
export interface Cast {
  owner: User;
  stranger: User;
  moderator: User;
  admin: User;
}

export async function buildCast(prisma: PrismaService): Promise<Cast> {
  return {
    owner: await buildUser(prisma),
    stranger: await buildUser(prisma),
    moderator: await buildUser(prisma, { role: 'moderator' }),
    admin: await buildUser(prisma, { role: 'admin' }),
  };
}

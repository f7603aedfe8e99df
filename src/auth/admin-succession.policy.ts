import { Injectable } from '@nestjs/common';
import { ConflictError } from '../common/errors/domain-error.js';
import type { Prisma } from '../generated/prisma/client.js';

/**
 * An installation always keeps an admin: whatever removes one (a demotion, an account deletion) first checks,
 * inside its own transaction, that another remains. Every such check takes the same transaction-scoped advisory
 * lock, so two admins demoting each other at the same instant are serialised and the second one is refused.
 */
@Injectable()
export class AdminSuccessionPolicy {
  /** 409 `last_admin` unless an admin other than `userId` remains; call inside the removing transaction. */
  async assertAnotherAdminRemainsWithin(tx: Prisma.TransactionClient, userId: number): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('hearth:admin-succession'))`;
    const others = await tx.user.count({ where: { role: 'admin', id: { not: userId } } });
    if (others === 0) {
      throw new ConflictError('last_admin', 'This is the last admin: make another admin first.');
    }
  }
}

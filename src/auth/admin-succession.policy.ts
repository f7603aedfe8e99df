import { Injectable } from '@nestjs/common';
import type { Prisma } from '../generated/prisma/client.js';
import { UsersRepository } from '../users/users.repository.js';
import { AuthError } from './auth.errors.js';

/**
 * An installation always keeps an admin: whatever removes one (a demotion, an account deletion) first checks,
 * inside its own transaction, that another remains. Every such check takes the same transaction-scoped advisory
 * lock, so two admins demoting each other at the same instant are serialised and the second one is refused.
 */
@Injectable()
export class AdminSuccessionPolicy {
  constructor(private readonly users: UsersRepository) {}

  /** 409 `last_admin` unless an admin other than `userId` remains; call inside the removing transaction. */
  async assertAnotherAdminRemainsWithin(tx: Prisma.TransactionClient, userId: number): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('hearth:admin-succession'))`;
    if ((await this.users.countAdminsOtherThan(userId, tx)) === 0) {
      throw new AuthError('last_admin', 'This is the last admin: make another admin first.');
    }
  }
}

import { Injectable } from '@nestjs/common';
import type { User } from '../generated/prisma/client.js';
import { PerTurnBatcher } from '../common/per-turn-batcher.js';
import { UsersRepository } from './users.repository.js';

/**
 * Users as they are now, read in batches (PerTurnBatcher: one query for the callers of an event-loop turn, and for
 * those who asked while the previous query was out): the requests of a busy instance resolving their bearer token
 * or session, a burst of socket handshakes, their re-checks once connected and the account check of every socket
 * message.
 */
@Injectable()
export class BatchedUserReads {
  private readonly batcher: PerTurnBatcher<number, User>;

  constructor(users: UsersRepository) {
    this.batcher = new PerTurnBatcher(async (ids) => {
      const found = await users.findManyByIds(ids);
      return new Map(found.map((user) => [user.id, user]));
    });
  }

  /** Undefined when the account no longer exists. */
  find(userId: number): Promise<User | undefined> {
    return this.batcher.load(userId);
  }
}

import { Injectable } from '@nestjs/common';
import { UsersRepository } from '../users/users.repository.js';
import { PerTurnBatcher } from './per-turn-batcher.js';

/**
 * The current credentials epoch of sockets' users, read for every socket that asks in the same turn of the event
 * loop with one query: the re-checks of a burst of handshakes, and the account check of every message.
 */
@Injectable()
export class CredentialsEpochs {
  private readonly batcher: PerTurnBatcher<number, Date>;

  constructor(users: UsersRepository) {
    this.batcher = new PerTurnBatcher((ids) => users.findCredentialsEpochs(ids));
  }

  /** Undefined when the account no longer exists. */
  current(userId: number): Promise<Date | undefined> {
    return this.batcher.load(userId);
  }
}

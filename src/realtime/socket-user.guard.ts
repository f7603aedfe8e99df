import { Injectable } from '@nestjs/common';
import type { DefaultEventsMap, Socket } from 'socket.io';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import type { TokenBucket } from './limits/token-bucket.js';
import { BatchedUserReads } from '../users/batched-user-reads.js';
import { RealtimeError } from './realtime.errors.js';

// Kept for every connection: keep it small (bytes per connection are measured).
export interface SocketData {
  /** Who connected, as of the handshake; authorization reads current roles and memberships, not this copy. */
  user: AuthenticatedUser;
  /** Topics with presence this connection joined, left when it closes. */
  topics: Set<string>;
  /** Joins under way (counted against the topic limit until they finish). */
  pendingJoins: number;
  /** The message rate limit's state. */
  bucket: TokenBucket;
}

export type HearthSocket = Socket<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>;

/**
 * Every message handler runs for a connection whose account still exists. The handshake checked it once; an account
 * deleted since then, by any path (not only those that also disconnect its sockets), is refused here, at one read
 * per message (the messages of one event-loop turn share one query). Ended sign-ins (logout-all, a password
 * change) disconnect their sockets instead.
 */
@Injectable()
export class SocketUserGuard {
  constructor(private readonly users: BatchedUserReads) {}

  async assertAccountExists(socket: HearthSocket): Promise<void> {
    const user = socket.data?.user;
    if (!user) throw new RealtimeError('unauthenticated', 'Connect with a valid token.');
    if (!(await this.users.find(user.id))) {
      throw new RealtimeError('unauthenticated', 'This account no longer exists.');
    }
  }
}

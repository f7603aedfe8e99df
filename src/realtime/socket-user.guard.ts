import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { DefaultEventsMap, Socket } from 'socket.io';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import type { TokenBucket } from './limits/token-bucket.js';
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
 * Every message handler runs for an authenticated connection only. The handshake middleware refuses the others,
 * so this is the second lock on the door, in case a handler is ever reachable some other way.
 */
@Injectable()
export class SocketUserGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const socket = context.switchToWs().getClient<HearthSocket>();
    if (!socket.data?.user) throw new RealtimeError('unauthenticated', 'Connect with a valid token.');
    return true;
  }
}

import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { DefaultEventsMap, Socket } from 'socket.io';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { RealtimeError } from './realtime.errors.js';

export interface SocketData {
  user: AuthenticatedUser;
  /** Topics with presence this connection joined, left when it closes. */
  topics: Set<string>;
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

import { Injectable } from '@nestjs/common';
import { LiveConnections } from '../common/live-connections.js';
import { RealtimeServer } from './realtime-server.js';
import { sessionRoom, userRoom } from './topics.js';

/**
 * Disconnects through the socket.io adapter, so with Redis every instance drops its own matching sockets (one
 * pub/sub message, well within a second). Every socket is in its user's room and, when a session minted its token,
 * in that session's room (joined at the handshake).
 */
@Injectable()
export class SocketIoLiveConnections extends LiveConnections {
  constructor(private readonly realtime: RealtimeServer) {
    super();
  }

  async endForUser(userId: number, options: { exceptSessionId?: string } = {}): Promise<void> {
    const server = this.realtime.server;
    if (!server) return;
    const target = server.in(userRoom(userId));
    const kept = options.exceptSessionId;
    (kept ? target.except(sessionRoom(kept)) : target).disconnectSockets(true);
  }

  async endForSession(sessionId: string): Promise<void> {
    this.realtime.server?.in(sessionRoom(sessionId)).disconnectSockets(true);
  }
}

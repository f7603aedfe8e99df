import { Injectable } from '@nestjs/common';
import { UserNotifier } from '../common/user-notifier.js';
import { RealtimeServer } from './realtime-server.js';
import { userRoom } from './topics.js';

/** Delivers to every connection of the user, on any instance (through the socket.io adapter). */
@Injectable()
export class SocketUserNotifier extends UserNotifier {
  constructor(private readonly realtime: RealtimeServer) {
    super();
  }

  async notify(userId: number, event: string, payload: unknown): Promise<void> {
    this.realtime.server?.to(userRoom(userId)).emit(event, payload);
  }
}

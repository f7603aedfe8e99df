import { Injectable } from '@nestjs/common';
import type { Server } from 'socket.io';

/** The socket.io server, once the gateway is initialised, for services that push to rooms outside a handler. */
@Injectable()
export class RealtimeServer {
  server?: Server;
}

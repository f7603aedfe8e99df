import { Injectable } from '@nestjs/common';
import { SocketMessageRateGuard } from './limits/socket-message-rate.guard.js';
import { SocketMessageRefusal } from './socket-message-refusal.js';
import { type HearthSocket, SocketUserGuard } from './socket-user.guard.js';

/** A message's handler: what it returns (other than null or undefined) answers the message's ack. */
export type SocketMessageHandler = (socket: HearthSocket, payload: unknown) => unknown;

type Ack = (reply: unknown) => void;

/**
 * Runs a socket's messages without Nest's per-message context: an execution context, the guards', pipes' and
 * interceptors' consumers and an RxJS reply cost about 8 KiB and 6 % of the CPU of connecting and joining per
 * message (bench/socket-heap.ts). Each message, in order: the account still exists, the connection's rate bucket
 * has a token, the handler runs; its reply answers the ack unless the socket has gone, and a refusal is acked (or
 * emitted as `exception`) in the HTTP API's error shape. Messages run concurrently, as they arrive.
 */
@Injectable()
export class SocketMessageDispatcher {
  constructor(
    private readonly accounts: SocketUserGuard,
    private readonly rate: SocketMessageRateGuard,
    private readonly refusals: SocketMessageRefusal,
  ) {}

  listen(socket: HearthSocket, handlers: Readonly<Record<string, SocketMessageHandler>>): void {
    for (const [event, handle] of Object.entries(handlers)) {
      socket.on(event, (...args: unknown[]) => void this.dispatch(socket, handle, args));
    }
  }

  private async dispatch(socket: HearthSocket, handle: SocketMessageHandler, args: unknown[]): Promise<void> {
    const { payload, ack } = payloadAndAck(args);
    try {
      await this.accounts.assertAccountExists(socket);
      this.rate.assertWithinRate(socket);
      const reply = await handle(socket, payload);
      if (reply !== undefined && reply !== null && !socket.disconnected) ack?.(reply);
    } catch (error) {
      this.refusals.refuse(socket, error, ack);
    }
  }
}

/** As socket.io delivers them: the payload, and the client's ack callback when it asked for one (always last). */
function payloadAndAck(args: unknown[]): { payload: unknown; ack?: Ack } {
  const last = args.at(-1);
  if (typeof last !== 'function') return { payload: args.length > 1 ? args : args[0] };
  const rest = args.slice(0, -1);
  return { payload: rest.length > 1 ? rest : rest[0], ack: last as Ack };
}

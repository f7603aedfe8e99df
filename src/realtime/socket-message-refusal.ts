import { Injectable, Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { toErrorResponse } from '../common/errors/error-response.js';
import { Metrics } from '../infra/metrics/metrics.js';

/**
 * A refused message gets the HTTP API's error body in its ack: `{"ok":false,"error":{code,message,details?}}`;
 * without an ack callback the client receives it as an `exception` event.
 */
@Injectable()
export class SocketMessageRefusal {
  private readonly logger = new Logger('Realtime');

  constructor(private readonly metrics: Metrics) {}

  refuse(socket: Socket, exception: unknown, ack: ((response: unknown) => void) | undefined): void {
    const { body, unexpected } = toErrorResponse(exception);
    if (unexpected) this.logger.error(exception);
    this.metrics.socketMessageRefused(body.error.code);
    if (ack) ack({ ok: false, ...body });
    else socket.emit('exception', body);
  }
}

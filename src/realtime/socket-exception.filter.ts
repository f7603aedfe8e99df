import { type ArgumentsHost, Catch, Injectable, Logger, type WsExceptionFilter } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { toErrorResponse } from '../common/errors/error-response.js';
import { Metrics } from '../infra/metrics/metrics.js';

/**
 * A refused message gets the HTTP API's error body in its ack: `{"ok":false,"error":{code,message,details?}}`;
 * without an ack callback the client receives it as an `exception` event.
 */
@Catch()
@Injectable()
export class SocketExceptionFilter implements WsExceptionFilter {
  private readonly logger = new Logger('Realtime');

  constructor(private readonly metrics: Metrics) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const [socket, , ...rest] = host.getArgs<[Socket, unknown, ...unknown[]]>();
    const { body, unexpected } = toErrorResponse(exception);
    if (unexpected) this.logger.error(exception);
    this.metrics.socketMessageRefused(body.error.code);
    const ack = rest.find((arg): arg is (response: unknown) => void => typeof arg === 'function');
    if (ack) ack({ ok: false, ...body });
    else socket.emit('exception', body);
  }
}

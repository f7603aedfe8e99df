import { type ArgumentsHost, Catch, Logger, type WsExceptionFilter } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { toErrorResponse } from '../common/errors/error-response.js';

/**
 * A refused message gets the HTTP API's error body in its ack: `{"ok":false,"error":{code,message,details?}}`;
 * without an ack callback the client receives it as an `exception` event.
 */
@Catch()
export class SocketExceptionFilter implements WsExceptionFilter {
  private readonly logger = new Logger('Realtime');

  catch(exception: unknown, host: ArgumentsHost): void {
    const [socket, , ...rest] = host.getArgs<[Socket, unknown, ...unknown[]]>();
    const { body, unexpected } = toErrorResponse(exception);
    if (unexpected) this.logger.error(exception);
    const ack = rest.find((arg): arg is (response: unknown) => void => typeof arg === 'function');
    if (ack) ack({ ok: false, ...body });
    else socket.emit('exception', body);
  }
}

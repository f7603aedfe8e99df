import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { RealtimeError } from '../realtime.errors.js';
import type { HearthSocket } from '../socket-user.guard.js';
import { takeToken } from './token-bucket.js';

/** Every message a socket sends takes a token from its own bucket; an empty bucket acks `rate_limited`. */
@Injectable()
export class SocketMessageRateGuard {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  assertWithinRate(socket: HearthSocket): void {
    const { messagesPerSecond, messageBurst } = this.config.realtime.limits;
    const waitMs = takeToken(socket.data.bucket, Date.now(), messagesPerSecond, messageBurst);
    if (waitMs > 0) {
      throw new RealtimeError('rate_limited', 'Too many messages on this connection; slow down.', {
        retry_after_ms: waitMs,
      });
    }
  }
}

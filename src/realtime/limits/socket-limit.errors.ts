import { DomainError } from '../../common/errors/domain-error.js';

// What a client is told when it reaches one of the per-client limits of the real-time server (config
// `SOCKET_*`); handshake refusals reach it as `connect_error`, message refusals as an error ack.

export class TooManyConnectionsError extends DomainError {
  constructor(limit: number) {
    super(429, 'too_many_connections', `You already have ${limit} live connections; close one first.`, {
      limit,
    });
  }
}

export class TooManyTopicsError extends DomainError {
  constructor(limit: number) {
    super(409, 'too_many_topics', `A connection can be in at most ${limit} topics; leave one first.`, {
      limit,
    });
  }
}

export class TooManyMessagesError extends DomainError {
  constructor(retryAfterMs: number) {
    super(429, 'rate_limited', 'Too many messages on this connection; slow down.', {
      retry_after_ms: retryAfterMs,
    });
  }
}

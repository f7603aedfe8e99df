import { errorCatalogue } from '../common/errors/domain-error.js';

/** Every code the real-time feature (sockets, topics, private topic membership) answers with. */
export class RealtimeError extends errorCatalogue({
  invalid_topic: 'bad_request',
  missing_token: 'unauthenticated',
  unauthenticated: 'unauthenticated',
  forbidden: 'forbidden',
  not_joined: 'forbidden',
  topic_forbidden: 'forbidden',
  topic_read_only: 'forbidden',
  not_found: 'not_found',
  // The per-client limits of the real-time server (config `SOCKET_*`): handshake refusals reach the client as
  // `connect_error`, message refusals as an error ack.
  too_many_topics: 'conflict',
  too_many_connections: 'too_many_requests',
  rate_limited: 'too_many_requests',
}) {}

export type RealtimeErrorCode = RealtimeError['code'];

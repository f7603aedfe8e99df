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
}) {}

export type RealtimeErrorCode = RealtimeError['code'];

import { errorCatalogue } from '../common/errors/domain-error.js';

/** Every code the rate limiter answers with. */
export class RateLimitError extends errorCatalogue({ rate_limited: 'too_many_requests' }) {}

export type RateLimitErrorCode = RateLimitError['code'];

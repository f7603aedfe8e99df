import { errorCatalogue } from '../common/errors/domain-error.js';

/** Every code the health feature answers with. */
export class HealthError extends errorCatalogue({ not_ready: 'service_unavailable' }) {}

export type HealthErrorCode = HealthError['code'];

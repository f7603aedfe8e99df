import { errorCatalogue } from '../common/errors/domain-error.js';

/** Every code the jobs feature answers with. */
export class JobsError extends errorCatalogue({
  not_found: 'not_found',
  jobs_unavailable: 'service_unavailable',
}) {}

export type JobsErrorCode = JobsError['code'];

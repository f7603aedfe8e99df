import { errorCatalogue } from '../common/errors/domain-error.js';

/** Every code the admin feature answers with. */
export class AdminError extends errorCatalogue({ not_found: 'not_found' }) {}

export type AdminErrorCode = AdminError['code'];

// Services throw domain errors; the one exception filter turns them into `{"error":{code,message,details}}`.
// HTTP status numbers are written here and nowhere else, so that services never import HTTP exceptions.

/** The kinds of failure the API answers with, and the HTTP status of each. */
export const HTTP_STATUS_OF = {
  bad_request: 400,
  unauthenticated: 401,
  payment_required: 402,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  too_many_requests: 429,
  bad_gateway: 502,
  service_unavailable: 503,
} as const;

export type FailureKind = keyof typeof HTTP_STATUS_OF;

/** A feature's error codes, each with the kind of failure it is. */
export type ErrorCatalogue = Readonly<Record<string, FailureKind>>;

export interface FieldError {
  field: string;
  message: string;
}

/** Every error class takes `(code, message, details?)`; its catalogue decides the status from the code. */
export abstract class DomainError<Code extends string = string> extends Error {
  abstract readonly status: number;

  constructor(
    readonly code: Code,
    message: string,
    readonly details?: unknown,
  ) {
    // An answer to the client, never a bug to trace: capturing a stack on every throw was a tenth of the CPU of a
    // 404, which is what scans and abusive clients cost.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = stackTraceLimit;
    this.name = new.target.name;
  }
}

/**
 * The error class of one catalogue: `class PostsError extends errorCatalogue({ not_found: 'not_found', … }) {}`.
 * Its `code` parameter is the union of the catalogue's codes, so a code the feature does not declare, or a
 * message and a code given the wrong way round, does not compile.
 */
export function errorCatalogue<const Catalogue extends ErrorCatalogue>(catalogue: Catalogue) {
  return class CatalogueError extends DomainError<keyof Catalogue & string> {
    get status(): number {
      return HTTP_STATUS_OF[catalogue[this.code]];
    }
  };
}

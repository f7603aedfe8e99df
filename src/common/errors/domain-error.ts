// Services throw these; the one exception filter turns them into `{"error":{code,message,details}}`.
// The HTTP status lives here so that services never import HTTP exceptions.

export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  constructor(details: FieldError[], message = 'The request has invalid fields.') {
    super(400, 'validation_failed', message, details);
  }
}

export class BadRequestError extends DomainError {
  constructor(code: string, message: string, details?: unknown) {
    super(400, code, message, details);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(code = 'unauthenticated', message = 'Authentication is required.') {
    super(401, code, message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do this.', code = 'forbidden') {
    super(403, code, message);
  }
}

export class NotFoundError extends DomainError {
  constructor(resource = 'Resource', code = 'not_found') {
    super(404, code, `${resource} not found.`);
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string, details?: unknown) {
    super(409, code, message, details);
  }
}

export class UnprocessableError extends DomainError {
  constructor(code: string, message: string, details?: unknown) {
    super(422, code, message, details);
  }
}

export class PayloadTooLargeError extends DomainError {
  constructor(code: string, message: string, details?: unknown) {
    super(413, code, message, details);
  }
}

export class UnsupportedMediaTypeError extends DomainError {
  constructor(code = 'unsupported_media_type', message = 'This content type is not accepted here.') {
    super(415, code, message);
  }
}

/** 429. `limiter` names which limit refused (`requests`, `login`, `forgot`, `sse_streams`, ...) for logs and metrics. */
export class TooManyRequestsError extends DomainError {
  constructor(
    code: string,
    message: string,
    details?: unknown,
    readonly limiter = 'requests',
  ) {
    super(429, code, message, details);
  }
}

export class ServiceUnavailableError extends DomainError {
  constructor(code = 'service_unavailable', message = 'A dependency is unavailable; try again shortly.') {
    super(503, code, message);
  }
}

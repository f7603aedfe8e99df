import { Prisma } from '../../generated/prisma/client.js';
import { DomainError } from './domain-error.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  /** Unexpected errors are logged with their stack; expected ones are not. */
  unexpected: boolean;
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable_entity',
  429: 'rate_limited',
  503: 'service_unavailable',
};

// Fastify's own errors (body parsing, limits) carry their code; these names are clearer for clients.
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_body',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_body',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_BAD_URL: 'bad_request',
  FST_ERR_ASYNC_CONSTRAINT: 'bad_request',
  FST_ERR_CTP_INVALID_TYPE: 'unsupported_media_type',
  FST_REQ_FILE_TOO_LARGE: 'payload_too_large',
  FST_FILES_LIMIT: 'payload_too_large',
  FST_PARTS_LIMIT: 'payload_too_large',
  FST_FIELDS_LIMIT: 'payload_too_large',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'unsupported_media_type',
};

// Database errors that mean "the database is away", not "the request was wrong".
const UNAVAILABLE_DB_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P03',
  '08006',
  '08001',
  '08003',
]);

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  // Through the driver adapter, PostgreSQL's own error (e.g. 57P03 "the database system is shutting down" or
  // "is starting up") arrives as P2039 with the SQLSTATE in meta.driverAdapterError.cause.
  const adapterCause = (error as { meta?: { driverAdapterError?: { cause?: unknown } } })?.meta
    ?.driverAdapterError?.cause;
  const candidates = [error, (error as { cause?: unknown })?.cause, adapterCause];
  for (const candidate of candidates) {
    const code = (candidate as { code?: unknown })?.code;
    if (typeof code === 'string' && UNAVAILABLE_DB_CODES.has(code)) return true;
    const message = messageOf(candidate);
    if (
      /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|terminating connection|is not queryable/i.test(
        message,
      )
    ) {
      return true;
    }
  }
  if (
    error instanceof Prisma.PrismaClientKnownRequestError &&
    ['P1001', 'P1002', 'P1017', 'P2024'].includes(error.code)
  ) {
    return true;
  }
  return false;
}

// ioredis gives up on a command while Redis is away (maxRetriesPerRequest) or after the connection closed.
function isRedisUnavailable(error: unknown): boolean {
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  return (
    name === 'MaxRetriesPerRequestError' ||
    (typeof message === 'string' && /^Connection is closed\.$|^Stream isn't writeable/.test(message))
  );
}

/** The one mapping from anything thrown to the contract's error body. */
export function toErrorResponse(error: unknown): ErrorResponse {
  if (error instanceof DomainError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error.details !== undefined) body.error.details = error.details;
    return { status: error.status, body, unexpected: false };
  }

  // Nest HttpExceptions (e.g. from framework pipes) expose getStatus()/getResponse().
  const httpLike = error as { getStatus?: () => number; getResponse?: () => unknown };
  if (typeof httpLike?.getStatus === 'function') {
    const status = httpLike.getStatus();
    const response = httpLike.getResponse?.();
    // The Fastify adapter wraps Fastify's own errors (body parsing, limits) in an HttpException; keep their code.
    const causeCode = (error as { cause?: { code?: unknown } }).cause?.code;
    const fastifyCode = typeof causeCode === 'string' ? FASTIFY_CODES[causeCode] : undefined;
    const message =
      typeof response === 'object' && response !== null && 'message' in response
        ? String((response as { message: unknown }).message)
        : messageOf(error);
    return {
      status,
      body: {
        error: {
          code: fastifyCode ?? CODE_BY_STATUS[status] ?? (status < 500 ? 'bad_request' : 'internal_error'),
          message,
        },
      },
      unexpected: status >= 500,
    };
  }

  const fastifyError = error as { statusCode?: unknown; code?: unknown };
  if (
    typeof fastifyError?.statusCode === 'number' &&
    fastifyError.statusCode >= 400 &&
    fastifyError.statusCode < 500
  ) {
    const status = fastifyError.statusCode;
    const code =
      (typeof fastifyError.code === 'string' && FASTIFY_CODES[fastifyError.code]) ||
      CODE_BY_STATUS[status] ||
      'bad_request';
    return { status, body: { error: { code, message: messageOf(error) } }, unexpected: false };
  }

  if (isDatabaseUnavailable(error)) {
    return {
      status: 503,
      body: {
        error: { code: 'service_unavailable', message: 'The database is unavailable; try again shortly.' },
      },
      unexpected: true,
    };
  }

  if (isRedisUnavailable(error)) {
    return {
      status: 503,
      body: { error: { code: 'service_unavailable', message: 'Redis is unavailable; try again shortly.' } },
      unexpected: true,
    };
  }

  return {
    status: 500,
    body: { error: { code: 'internal_error', message: 'Something went wrong on our side.' } },
    unexpected: true,
  };
}

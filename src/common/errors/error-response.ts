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

/** The one mapping from anything thrown to the contract's error body: the first mapper that knows it answers. */
export function toErrorResponse(error: unknown): ErrorResponse {
  return (
    fromDomainError(error) ??
    fromHttpException(error) ??
    fromFastifyClientError(error) ??
    fromUnavailableDependency(error) ??
    errorResponse(500, 'internal_error', 'Something went wrong on our side.', true)
  );
}

function errorResponse(status: number, code: string, message: string, unexpected: boolean): ErrorResponse {
  return { status, body: { error: { code, message } }, unexpected };
}

function fromDomainError(error: unknown): ErrorResponse | undefined {
  if (!(error instanceof DomainError)) return undefined;
  const response = errorResponse(error.status, error.code, error.message, false);
  if (error.details !== undefined) response.body.error.details = error.details;
  return response;
}

/** Nest HttpExceptions (e.g. from framework pipes) expose getStatus()/getResponse(). */
function fromHttpException(error: unknown): ErrorResponse | undefined {
  const httpLike = error as { getStatus?: () => number; getResponse?: () => unknown };
  if (typeof httpLike?.getStatus !== 'function') return undefined;
  const status = httpLike.getStatus();
  const response = httpLike.getResponse?.();
  // The Fastify adapter wraps Fastify's own errors (body parsing, limits) in an HttpException; keep their code.
  const causeCode = (error as { cause?: { code?: unknown } }).cause?.code;
  const fastifyCode = typeof causeCode === 'string' ? FASTIFY_CODES[causeCode] : undefined;
  const message =
    typeof response === 'object' && response !== null && 'message' in response
      ? String((response as { message: unknown }).message)
      : messageOf(error);
  const code = fastifyCode ?? CODE_BY_STATUS[status] ?? (status < 500 ? 'bad_request' : 'internal_error');
  return errorResponse(status, code, message, status >= 500);
}

/** Fastify's own 4xx errors that reach us unwrapped (router and hook errors). */
function fromFastifyClientError(error: unknown): ErrorResponse | undefined {
  const fastifyError = error as { statusCode?: unknown; code?: unknown };
  const fastifyStatus = fastifyError?.statusCode;
  if (typeof fastifyStatus !== 'number' || fastifyStatus < 400 || fastifyStatus >= 500) return undefined;
  // An over-long path parameter is invalid input like any other (400), not Fastify's 414.
  const status = fastifyStatus === 414 ? 400 : fastifyStatus;
  const code =
    (typeof fastifyError.code === 'string' && FASTIFY_CODES[fastifyError.code]) ||
    CODE_BY_STATUS[status] ||
    'bad_request';
  return errorResponse(status, code, messageOf(error), false);
}

/** A database or Redis that is away is a 503 the client may retry, not a 500. */
function fromUnavailableDependency(error: unknown): ErrorResponse | undefined {
  if (isDatabaseUnavailable(error)) {
    return errorResponse(503, 'service_unavailable', 'The database is unavailable; try again shortly.', true);
  }
  if (isRedisUnavailable(error)) {
    return errorResponse(503, 'service_unavailable', 'Redis is unavailable; try again shortly.', true);
  }
  return undefined;
}

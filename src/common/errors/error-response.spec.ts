import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client.js';
import { errorCatalogue } from './domain-error.js';
import { toErrorResponse } from './error-response.js';

class ExampleError extends errorCatalogue({ example_conflict: 'conflict', example_missing: 'not_found' }) {}

function fastifyError(statusCode: number, code?: string, message = 'from fastify'): Error {
  return Object.assign(new Error(message), { statusCode, code });
}

describe('toErrorResponse', () => {
  describe('domain errors', () => {
    it('answer their status, code, message and details, and are expected (not logged)', () => {
      const error = new ExampleError('example_conflict', 'Taken.', { field: 'email' });

      expect(toErrorResponse(error)).toEqual({
        status: 409,
        body: { error: { code: 'example_conflict', message: 'Taken.', details: { field: 'email' } } },
        unexpected: false,
      });
    });

    it('leave details out of the body when there are none', () => {
      expect(toErrorResponse(new ExampleError('example_missing', 'Gone.')).body).toEqual({
        error: { code: 'example_missing', message: 'Gone.' },
      });
    });
  });

  describe('Nest HTTP exceptions (framework pipes and the Fastify adapter)', () => {
    it('take the code of their status and the message of their response', () => {
      expect(toErrorResponse(new NotFoundException())).toEqual({
        status: 404,
        body: { error: { code: 'not_found', message: 'Not Found' } },
        unexpected: false,
      });
    });

    it('keep the code of the Fastify error they wrap', () => {
      const wrapped = new BadRequestException('Unexpected token', {
        cause: { code: 'FST_ERR_CTP_INVALID_JSON_BODY' },
      });

      expect(toErrorResponse(wrapped).body.error.code).toBe('malformed_body');
    });

    it('fall back to bad_request below 500 and internal_error (logged) from 500 on', () => {
      expect(toErrorResponse(new HttpException('I am a teapot', 418))).toEqual({
        status: 418,
        body: { error: { code: 'bad_request', message: 'I am a teapot' } },
        unexpected: false,
      });
      expect(toErrorResponse(new HttpException('broken', 500))).toEqual({
        status: 500,
        body: { error: { code: 'internal_error', message: 'broken' } },
        unexpected: true,
      });
    });
  });

  describe("Fastify's own client errors", () => {
    it('get a clearer code for known Fastify codes', () => {
      expect(toErrorResponse(fastifyError(415, 'FST_ERR_CTP_INVALID_MEDIA_TYPE'))).toEqual({
        status: 415,
        body: { error: { code: 'unsupported_media_type', message: 'from fastify' } },
        unexpected: false,
      });
      expect(toErrorResponse(fastifyError(413, 'FST_REQ_FILE_TOO_LARGE')).body.error.code).toBe(
        'payload_too_large',
      );
    });

    it('otherwise take the code of their status, or bad_request', () => {
      expect(toErrorResponse(fastifyError(405)).body.error.code).toBe('method_not_allowed');
      expect(toErrorResponse(fastifyError(418, 'FST_SOMETHING_NEW')).body.error.code).toBe('bad_request');
    });

    it('answer an over-long path parameter (414) as the invalid input it is: 400', () => {
      expect(toErrorResponse(fastifyError(414))).toEqual({
        status: 400,
        body: { error: { code: 'bad_request', message: 'from fastify' } },
        unexpected: false,
      });
    });

    it('are not taken for client errors at 500 and above', () => {
      expect(toErrorResponse(fastifyError(500, 'FST_ERR_CTP_BODY_TOO_LARGE')).status).toBe(500);
    });
  });

  describe('a database that is away', () => {
    const away = {
      status: 503,
      body: {
        error: { code: 'service_unavailable', message: 'The database is unavailable; try again shortly.' },
      },
      unexpected: true,
    };

    it.each([
      ['Prisma cannot connect at all', new Prisma.PrismaClientInitializationError('no database', '7.10.0')],
      ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
      ['a connection error as the cause', new Error('query failed', { cause: { code: 'ETIMEDOUT' } })],
      [
        'PostgreSQL shutting down, through the driver adapter',
        { meta: { driverAdapterError: { cause: { code: '57P01', message: 'terminating' } } } },
      ],
      ['a terminated connection', new Error('Connection terminated unexpectedly')],
      [
        "Prisma's own can't-reach-database code",
        new Prisma.PrismaClientKnownRequestError('unreachable', { code: 'P1001', clientVersion: '7.10.0' }),
      ],
    ])('is a 503 the client may retry: %s', (_case, error) => {
      expect(toErrorResponse(error)).toEqual(away);
    });
  });

  describe('a Redis that is away', () => {
    it.each([
      [
        'ioredis gave up retrying',
        Object.assign(new Error('Reached the max retries'), { name: 'MaxRetriesPerRequestError' }),
      ],
      ['the connection closed', new Error('Connection is closed.')],
      ['the stream is gone', new Error("Stream isn't writeable and enableOfflineQueue options is false")],
    ])('is a 503 the client may retry: %s', (_case, error) => {
      expect(toErrorResponse(error)).toEqual({
        status: 503,
        body: { error: { code: 'service_unavailable', message: 'Redis is unavailable; try again shortly.' } },
        unexpected: true,
      });
    });
  });

  describe('anything else', () => {
    it.each([
      ['an Error', new Error('SELECT * FROM secrets failed')],
      ['a thrown string', 'oops'],
      ['undefined', undefined],
    ])('is a 500 that reveals nothing and is logged: %s', (_case, error) => {
      expect(toErrorResponse(error)).toEqual({
        status: 500,
        body: { error: { code: 'internal_error', message: 'Something went wrong on our side.' } },
        unexpected: true,
      });
    });
  });
});

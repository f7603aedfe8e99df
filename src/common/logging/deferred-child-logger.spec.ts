import { jest } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { deferredChildLoggerFactory } from './deferred-child-logger.js';
import { createRootLogger } from './logger.js';

interface Line {
  level: number;
  msg: string;
  req_id?: string;
  [field: string]: unknown;
}

describe('DeferredChildLogger (request.log)', () => {
  let app: FastifyInstance;
  let lines: Line[];
  let requestNumber: number;

  beforeEach(async () => {
    lines = [];
    requestNumber = 0;
    const root = createRootLogger('info', {
      write: (line: string) => void lines.push(JSON.parse(line) as Line),
    });
    app = Fastify({
      loggerInstance: root as FastifyBaseLogger,
      disableRequestLogging: true,
      childLoggerFactory: deferredChildLoggerFactory,
      requestIdLogLabel: 'req_id',
      genReqId: () => `request-${(requestNumber += 1)}`,
    });
    app.get('/quiet', () => ({ ok: true }));
    app.get('/logs', (request) => {
      request.log.info({ detail: 1 }, 'first');
      request.log.child({ part: 'upload' }).warn('second');
      request.log.debug('below the level');
      return { level: request.log.level };
    });
    app.get('/warn-only', { logLevel: 'warn' }, (request) => {
      request.log.info('dropped at this route');
      request.log.warn('kept');
      return { level: request.log.level };
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    lines.length = 0;
  });

  const get = async (path: string) => {
    const { port } = app.server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}${path}`);
    return { status: response.status, body: (await response.json()) as unknown };
  };

  afterEach(() => app.close());

  it('writes each line with the request id bound, nested children included', async () => {
    const response = await get('/logs');

    expect(response.body).toEqual({ level: 'info' });
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, msg: 'first', detail: 1, req_id: 'request-1' }),
      expect.objectContaining({ level: 40, msg: 'second', part: 'upload', req_id: 'request-1' }),
    ]);
  });

  it("keeps a route's own log level", async () => {
    const response = await get('/warn-only');

    expect(response.body).toEqual({ level: 'warn' });
    expect(lines.map((line) => line.msg)).toEqual(['kept']);
  });

  it('makes a child logger only for requests that log, once each', async () => {
    const child = jest.spyOn(app.log, 'child');

    await get('/quiet');
    await get('/quiet');
    expect(child).not.toHaveBeenCalled();

    await get('/logs');
    // Also counted: request.log.child() in the route, as pino children inherit the spied method.
    const requestLoggers = child.mock.calls.filter(([bindings]) => 'req_id' in bindings);
    expect(requestLoggers).toEqual([[{ req_id: 'request-3' }, {}]]);
  });
});

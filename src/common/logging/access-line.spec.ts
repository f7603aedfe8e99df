import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { type DestinationStream, type Logger as PinoInstance, pino } from 'pino';
import { ACCESS_LINE_MESSAGE, accessLineWriter, writesPlainRecords } from './access-line.js';
import { createRootLogger } from './logger.js';

const TIME = /"time":"[^"]*"/;
const sameTime = (line: string) => line.replace(TIME, '"time":"T"');

/** A Fastify server whose onResponse hook writes the access line through `logger`, as Hearth's does. */
async function serverLoggingTo(logger: PinoInstance): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: logger as FastifyBaseLogger, disableRequestLogging: true });
  const writeAccessLine = accessLineWriter(app.log as PinoInstance);
  app.addHook('onResponse', (request, reply, done) => {
    writeAccessLine(request, reply);
    done();
  });
  app.get('/posts/:id', () => ({ ok: true }));
  app.get('/*', () => ({ ok: true }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  return app;
}

/** One request as raw bytes, so that its target can hold what fetch would percent-encode. */
function rawGet(app: FastifyInstance, target: Buffer): Promise<string> {
  const { port } = app.server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        Buffer.concat([
          Buffer.from('GET '),
          target,
          Buffer.from(' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
        ]),
      );
    });
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.once('error', reject);
    socket.once('close', () => resolve(answer));
  });
}

function collector(): { lines: string[]; destination: DestinationStream } {
  const lines: string[] = [];
  return { lines, destination: { write: (line: string) => void lines.push(line) } };
}

describe('accessLineWriter', () => {
  let app: FastifyInstance | undefined;
  afterEach(() => app?.close());

  it("writes pino's own line for the request's fields: key order, escaping and bindings alike", async () => {
    const written = collector();
    app = await serverLoggingTo(createRootLogger('info', written.destination));
    const { port } = app.server.address() as AddressInfo;
    written.lines.length = 0;

    expect((await fetch(`http://127.0.0.1:${port}/posts/51?token=secret`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/nowhere`, { method: 'POST' })).status).toBe(404);
    expect(await rawGet(app, Buffer.from('/a"b\\c/{d}'))).toMatch(/^HTTP\/1.1 200/);

    const reference = collector();
    const pinoItself = createRootLogger('info', reference.destination).child({}, { redact: [] });
    for (const line of written.lines) {
      const { req_id, method, url, route, status, ms } = JSON.parse(line) as Record<string, unknown>;
      pinoItself.info({ req_id, method, url, route, status, ms }, ACCESS_LINE_MESSAGE);
    }
    expect(written.lines.map(sameTime)).toEqual(reference.lines.map(sameTime));
    expect(written.lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      expect.objectContaining({ level: 30, service: 'hearth', method: 'GET', url: '/posts/51' }),
      expect.objectContaining({ method: 'POST', url: '/nowhere', status: 404, msg: 'request' }),
      expect.objectContaining({ url: '/a"b\\c/{d}', route: '/*', status: 200 }),
    ]);
    expect(JSON.parse(written.lines[0])).toMatchObject({ route: '/posts/:id', status: 200 });
    expect(JSON.parse(written.lines[1])).not.toHaveProperty('route');
    expect(written.lines.join('')).not.toContain('secret');
  });

  it("formats the line itself for Hearth's logger as Fastify holds it, and leaves it to pino for a mixin's fields", () => {
    const viaFastify = (logger: PinoInstance) =>
      (Fastify({ loggerInstance: logger as FastifyBaseLogger }).log as PinoInstance).child(
        {},
        { redact: [] },
      );

    expect(writesPlainRecords(viaFastify(createRootLogger('info', collector().destination)))).toBe(true);
    expect(writesPlainRecords(viaFastify(pino({ mixin: () => ({ trace_id: 'trace-1' }) })))).toBe(false);
    expect(writesPlainRecords(createRootLogger('info', collector().destination))).toBe(false);
  });

  it("goes through pino when records carry more fields than the line's own (tracing's mixin)", async () => {
    const written = collector();
    const traced = pino(
      { base: { service: 'hearth' }, mixin: () => ({ trace_id: 'trace-1' }) },
      written.destination,
    );
    app = await serverLoggingTo(traced);
    const { port } = app.server.address() as AddressInfo;
    written.lines.length = 0;

    await fetch(`http://127.0.0.1:${port}/posts/7`);

    expect(written.lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      expect.objectContaining({ trace_id: 'trace-1', url: '/posts/7', route: '/posts/:id', msg: 'request' }),
    ]);
  });

  it('writes nothing when the level is above info', async () => {
    const written = collector();
    app = await serverLoggingTo(createRootLogger('warn', written.destination));
    const { port } = app.server.address() as AddressInfo;

    expect((await fetch(`http://127.0.0.1:${port}/posts/7`)).status).toBe(200);

    expect(written.lines).toEqual([]);
  });
});

import type { Socket } from 'socket.io-client';
import type { User } from '../../src/generated/prisma/client.js';
import { accessTokenFor, authHeadersFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { STRONG_PASSWORD } from '../auth/auth-test-helpers.js';
import { connectSocket, nextEvent, request } from '../support/sockets.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('Socket connections authenticate at the handshake', () => {
  let t: TestApp;
  let user: User;
  const sockets: Socket[] = [];
  const connect = async (token?: string) => {
    const socket = await connectSocket(t.baseUrl, token);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    t = await startTestApp();
    user = await buildUser(t.prisma);
  });
  afterEach(() => sockets.splice(0).forEach((socket) => socket.close()));
  afterAll(() => t.close());

  it('refuses a connection without a token, saying why', async () => {
    await expect(connect()).rejects.toMatchObject({
      message: expect.stringContaining('token'),
      data: { code: 'missing_token' },
    });
  });

  it('refuses a forged or malformed token', async () => {
    const token = await accessTokenFor(t, user);
    const forged = `${token.slice(0, -4)}AAAA`;
    await expect(connect(forged)).rejects.toMatchObject({ data: { code: 'invalid_token' } });
    await expect(connect('not-a-jwt')).rejects.toMatchObject({ data: { code: 'invalid_token' } });
  });

  it('refuses the token of a user who no longer exists', async () => {
    const gone = await buildUser(t.prisma);
    const token = await accessTokenFor(t, gone);
    await t.prisma.user.delete({ where: { id: gone.id } });
    await expect(connect(token)).rejects.toMatchObject({ data: { code: 'invalid_token' } });
  });

  it('accepts an access token and a cookie user’s socket token', async () => {
    const socket = await connect(await accessTokenFor(t, user));
    expect(socket.connected).toBe(true);

    const { body } = await t.http.as(await authHeadersFor(t, user)).get('/api/auth/socket-token');
    const viaSocketToken = await connect(body.token);
    expect(await request(viaSocketToken, 'join', { topic: 'room:lobby' })).toEqual({ ok: true });
  });

  it('needs a fresh token to reconnect once the token it connected with is revoked', async () => {
    const person = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const signIn = () => t.http.post('/api/auth/token', { email: person.email, password: STRONG_PASSWORD });
    const first = await signIn();
    expect(first.status).toBe(200);
    const socket = await connect(first.body.access_token);
    const closed = nextEvent<string>(socket, 'disconnect');

    const loggedOut = await t.http.post('/api/auth/logout-all', undefined, {
      headers: { authorization: `Bearer ${first.body.access_token}` },
    });
    expect(loggedOut.status).toBe(204);
    expect(await closed).toBe('io server disconnect');

    // The same client, reconnecting with the same auth, as a client that keeps its token would.
    const refused = nextEvent<Error & { data?: unknown }>(socket, 'connect_error');
    socket.connect();
    expect(await refused).toMatchObject({ data: { code: 'invalid_token' } });
    expect(socket.connected).toBe(false);

    const second = await signIn();
    expect(second.status).toBe(200);
    socket.auth = { token: second.body.access_token };
    const reconnected = nextEvent(socket, 'connect');
    socket.connect();
    await reconnected;
    expect(await request(socket, 'join', { topic: 'room:lobby' })).toEqual({ ok: true });
  });

  it('refuses every message of a user deleted after connecting (the guard on each handler)', async () => {
    const doomed = await buildUser(t.prisma);
    const socket = await connect(await accessTokenFor(t, doomed));
    expect(await request(socket, 'join', { topic: 'room:before' })).toMatchObject({ ok: true });

    await t.prisma.user.delete({ where: { id: doomed.id } });
    for (const [event, payload] of [
      ['join', { topic: 'room:after' }],
      ['new_message', { topic: 'room:before', body: 'still here?' }],
      ['typing', { topic: 'room:before' }],
    ] as const) {
      expect(await request(socket, event, payload)).toMatchObject({
        ok: false,
        error: { code: 'unauthenticated' },
      });
    }
  });

  it('tells a client that sent a refused message without an ack through an exception event', async () => {
    const socket = await connect(await accessTokenFor(t, user));
    const refused = nextEvent(socket, 'exception');
    socket.emit('join', { topic: 42 });
    expect(await refused).toMatchObject({
      error: {
        code: 'validation_failed',
        details: [{ field: 'topic', message: 'topic must be a string' }],
      },
    });
    // Nothing else went wrong: the same socket still joins with an ack.
    expect(await request(socket, 'join', { topic: 'room:lobby' })).toEqual({ ok: true });
  });

  it('answers malformed messages with an error ack, not a crash', async () => {
    const socket = await connect(await accessTokenFor(t, user));
    expect(await request(socket, 'join', {})).toMatchObject({
      ok: false,
      error: {
        code: 'validation_failed',
        details: expect.arrayContaining([expect.objectContaining({ field: 'topic' })]),
      },
    });
    expect(await request(socket, 'join', 'room:lobby')).toMatchObject({
      ok: false,
      error: { code: expect.any(String) },
    });
    expect(await request(socket, 'join')).toMatchObject({ ok: false });
    expect(await request(socket, 'join', { topic: 'room:../../etc' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_topic' },
    });
    expect(await request(socket, 'join', { topic: 'room:lobby', extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    });
    // The connection survives all of it.
    expect(await request(socket, 'join', { topic: 'room:lobby' })).toEqual({ ok: true });
    let nested: unknown = 'deep';
    for (let level = 0; level < 1_000; level += 1) nested = [nested];
    for (const body of ['NUL \u0000 inside', 'lone \ud800 surrogate', nested]) {
      expect(await request(socket, 'new_message', { topic: 'room:lobby', body })).toMatchObject({
        ok: false,
        error: { code: 'validation_failed' },
      });
    }
  });
});

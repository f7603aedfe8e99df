import type { User } from '../../src/generated/prisma/client.js';
import { accessTokenFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { connectSocket, joinTopic, request } from '../support/sockets.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// What the socket.io transport itself enforces: the packet size limit and CORS on long-polling.
const MAX_PAYLOAD_BYTES = 2_048;

describe('The socket.io transport', () => {
  let t: TestApp;
  let alice: User;

  beforeAll(async () => {
    t = await startTestApp({ env: { SOCKET_MAX_PAYLOAD_BYTES: String(MAX_PAYLOAD_BYTES) } });
    alice = await buildUser(t.prisma);
  });
  afterAll(() => t.close());

  it('closes the connection of a client that sends a packet over SOCKET_MAX_PAYLOAD_BYTES', async () => {
    const socket = await connectSocket(t.baseUrl, await accessTokenFor(t, alice));
    await joinTopic(socket, 'room:payload');
    // Just under the limit: answered, and the connection stays.
    const small = await request(socket, 'new_message', { topic: 'room:payload', body: 'x'.repeat(1_500) });
    expect(small).toEqual({ ok: true, id: expect.any(String) });

    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    socket.emit('new_message', { topic: 'room:payload', body: 'x'.repeat(MAX_PAYLOAD_BYTES + 1) });
    expect(await closed).toMatch(/^transport (close|error)$/);
    socket.close();
  });

  it('answers long-polling with CORS for the allowed origins only', async () => {
    const [allowed] = t.config.auth.allowedOrigins;
    const poll = (origin: string) =>
      fetch(`${t.baseUrl}/socket.io/?EIO=4&transport=polling`, { headers: { origin } });

    const fromAllowed = await poll(allowed);
    expect(fromAllowed.status).toBe(200);
    expect(fromAllowed.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(fromAllowed.headers.get('access-control-allow-credentials')).toBeNull();

    const fromElsewhere = await poll('https://evil.example');
    expect(fromElsewhere.headers.get('access-control-allow-origin')).toBeNull();
  });
});

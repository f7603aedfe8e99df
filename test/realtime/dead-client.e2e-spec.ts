import { reportMeasured } from '../support/report.js';
import type { Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { User } from '../../src/generated/prisma/client.js';
import { accessTokenFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { connectSocket, joinTopic, nextEvent } from '../support/sockets.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PING_INTERVAL_MS = 300;
// The observer (a real client, answering every ping) is dropped too if its Jest worker stalls for longer than
// this. Test bodies of a full run stalled for up to 1.8 s before workers were recycled (jest.config.js) and up to
// 1.0 s after; CI machines are slower still.
const PING_TIMEOUT_MS = 4_000;
/** A hang guard for the drop, which takes a ping interval plus the timeout on an idle machine. */
const DROP_WAIT_MS = 30_000;

/**
 * A client that vanishes without closing its TCP connection (laptop lid shut, network gone) never answers the
 * server's pings. This one speaks the socket.io wire protocol by hand, joins a room, then goes silent.
 */
async function silentClient(baseUrl: string, token: string, topic: string): Promise<WebSocket> {
  const ws = new WebSocket(`${baseUrl.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
  await new Promise<void>((resolve, reject) => {
    ws.on('error', reject);
    ws.on('message', (raw) => {
      const packet = raw.toString();
      if (packet.startsWith('0{')) ws.send(`40${JSON.stringify({ token })}`);
      else if (packet.startsWith('40{')) ws.send(`420${JSON.stringify(['join', { topic }])}`);
      else if (packet === `430${JSON.stringify([{ ok: true }])}`) resolve();
      // Pings ("2") are deliberately never answered with pongs ("3").
    });
  });
  return ws;
}

/** Fails at once, with socket.io's reason, if the live observer is dropped: otherwise the wait would time out. */
function observerDropped(observer: Socket): Promise<never> {
  return new Promise((_, reject) => {
    observer.once('disconnect', (reason) =>
      reject(new Error(`the observer was dropped before the silent client (${reason})`)),
    );
  });
}

describe('Dead clients', () => {
  let t: TestApp;
  let alice: User;
  let bob: User;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        SOCKET_PING_INTERVAL_MS: String(PING_INTERVAL_MS),
        SOCKET_PING_TIMEOUT_MS: String(PING_TIMEOUT_MS),
      },
    });
    [alice, bob] = [await buildUser(t.prisma), await buildUser(t.prisma)];
  });
  afterAll(() => t.close());

  it('are dropped after a missed ping, and leave their topics', async () => {
    const observer = await connectSocket(t.baseUrl, await accessTokenFor(t, bob));
    await joinTopic(observer, 'room:silence');
    const joined = nextEvent(observer, 'presence_diff', (diff) => Boolean(diff.joins[alice.id]));
    const silent = await silentClient(t.baseUrl, await accessTokenFor(t, alice), 'room:silence');
    await joined;

    const startedAt = Date.now();
    const closed = new Promise((resolve) => silent.once('close', resolve));
    const left = await Promise.race([
      nextEvent(observer, 'presence_diff', (diff) => Boolean(diff.leaves[alice.id]), DROP_WAIT_MS),
      observerDropped(observer),
    ]);
    await closed;

    expect(left.leaves[alice.id].metas).toHaveLength(1);
    reportMeasured('dead-client', {
      pingIntervalMs: PING_INTERVAL_MS,
      pingTimeoutMs: PING_TIMEOUT_MS,
      droppedAfterMs: Date.now() - startedAt,
    });
    // A live client on the same server is untouched: socket.io-client answers every ping.
    expect(observer.connected).toBe(true);
    observer.close();
  });
});

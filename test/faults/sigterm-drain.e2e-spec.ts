import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { accessTokenFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { HttpClient } from '../support/http.js';
import {
  exitOf,
  type InstancePair,
  portAcceptsConnections,
  type SiblingInstance,
  startInstancePair,
  waitUntil,
} from '../support/server-process.js';
import type { TestApp } from '../support/test-app.js';
import { FailoverSocket } from './support/failover-socket.js';
import { report } from './support/traffic.js';

const IN_FLIGHT = 20;
const SHUTDOWN_TIMEOUT_MS = 10_000;

describe('SIGTERM while slow requests are in flight', () => {
  let pair: InstancePair;
  let other: TestApp;
  let draining: SiblingInstance;
  let blocker: pg.Client;
  let client: FailoverSocket | undefined;

  beforeAll(async () => {
    pair = await startInstancePair(
      'faults-drain',
      {},
      {
        // One connection per in-flight write, so every one of them is inside PostgreSQL when SIGTERM arrives.
        DATABASE_POOL_SIZE: String(IN_FLIGHT + 5),
        SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      },
    );
    ({ app: other, sibling: draining } = pair);
    blocker = new pg.Client({ connectionString: other.database.url });
    await blocker.connect();
  }, 120_000);

  afterAll(async () => {
    client?.close();
    await blocker?.end();
    await pair.close();
  });

  /** Backends of this database waiting on a lock: the writes held by the test's lock. */
  async function writesWaitingOnLock(): Promise<number> {
    const probe = new pg.Client({ connectionString: other.database.url });
    await probe.connect();
    try {
      const { rows } = await probe.query<{ count: string }>(
        `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      return Number(rows[0].count);
    } finally {
      await probe.end();
    }
  }

  it('finishes in-flight writes, refuses new connections, disconnects sockets and exits 0', async () => {
    const url = draining.baseUrl;
    const author = await buildUser(other.prisma);
    const http = new HttpClient(url).as({ authorization: `Bearer ${await accessTokenFor(other, author)}` });
    client = await FailoverSocket.connect([url, other.baseUrl], () => accessTokenFor(other, author));
    await client.join('room:drain');

    // Slow writes: the test holds a lock that every post insert waits for, so they stay in flight on demand.
    const prefix = `drain-${randomUUID().slice(0, 8)}`;
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE posts IN SHARE MODE');
    const writes = Array.from({ length: IN_FLIGHT }, (_, i) =>
      http.post('/api/v1/posts', { title: `${prefix} ${i}`, body: 'In flight at SIGTERM.' }),
    );
    await waitUntil(async () => (await writesWaitingOnLock()) === IN_FLIGHT, 10_000);

    const signalledAt = Date.now();
    const exited = exitOf(draining.child);
    draining.child.kill('SIGTERM');
    await waitUntil(async () => !(await portAcceptsConnections(draining.port)), 5_000);
    const refusingAt = Date.now();
    const failedOverAt = await client.failover;
    // Every write is still waiting: release them.
    expect(await writesWaitingOnLock()).toBe(IN_FLIGHT);
    const releasedAt = Date.now();
    await blocker.query('COMMIT');
    const responses = await Promise.all(writes);
    const code = await exited;
    const exitedAt = Date.now();

    expect(responses.map((response) => response.status)).toEqual(Array(IN_FLIGHT).fill(201));
    // 0, not 1: the drain finished before SHUTDOWN_TIMEOUT_MS (how long it took is reported below).
    expect(code).toBe(0);
    expect(client.disconnects[0]).toMatchObject({ url });
    expect(client.url).toBe(other.baseUrl);
    const ids = responses.map((response) => Number(response.body.id));
    expect(await other.prisma.post.count({ where: { id: { in: ids } } })).toBe(IN_FLIGHT);
    expect(await other.prisma.post.count({ where: { title: { startsWith: prefix } } })).toBe(IN_FLIGHT);

    report('sigterm-drain', {
      inFlightAtSigterm: IN_FLIGHT,
      answered201: responses.filter((response) => response.status === 201).length,
      stored: IN_FLIGHT,
      refusingNewConnectionsAfterMs: refusingAt - signalledAt,
      socketDisconnectReason: client.disconnects[0].reason,
      socketReconnectedElsewhereAfterMs: failedOverAt - signalledAt,
      heldForMs: releasedAt - signalledAt,
      exitAfterReleaseMs: exitedAt - releasedAt,
      exitAfterSigtermMs: exitedAt - signalledAt,
      exitCode: code,
    });
  }, 60_000);
});

import type { Socket } from 'socket.io-client';
import { accessTokenFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { type InstancePair, type SiblingInstance, startInstancePair } from '../support/server-process.js';
import { connectSocket, joinTopic, request } from '../support/sockets.js';
import type { TestApp } from '../support/test-app.js';
import { FailoverSocket } from './support/failover-socket.js';
import { report, type Sample, Traffic } from './support/traffic.js';

describe('An instance killed (SIGKILL) while requests go to both', () => {
  let pair: InstancePair;
  let survivor: TestApp;
  let victim: SiblingInstance;
  const sockets: { close(): void }[] = [];

  beforeAll(async () => {
    pair = await startInstancePair('faults-kill');
    ({ app: survivor, sibling: victim } = pair);
  }, 120_000);

  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await pair.close();
  });

  it('leaves the survivor serving, and its socket clients reconnect there, re-join and receive messages', async () => {
    const [alice, bob] = [await buildUser(survivor.prisma), await buildUser(survivor.prisma)];
    const token = await accessTokenFor(survivor, alice);
    const traffic = new Traffic(
      [
        { baseUrl: survivor.baseUrl, token },
        { baseUrl: victim.baseUrl, token },
      ],
      4,
    );
    const client = await FailoverSocket.connect([victim.baseUrl, survivor.baseUrl], () =>
      accessTokenFor(survivor, alice),
    );
    sockets.push(client);
    await client.join('room:failover');
    const onVictim = (sample: Sample) => sample.target === victim.baseUrl && sample.status < 300;
    const onSurvivor = (sample: Sample) => sample.target === survivor.baseUrl && sample.status < 300;
    await traffic.count(onVictim, 10);

    const killedAt = Date.now();
    await victim.kill();
    await traffic.count((sample) => onSurvivor(sample) && sample.startedAt > killedAt, 30);
    const failedOverAt = await client.failover;
    const samples = await traffic.stop();

    // The survivor answered everything, before and after the kill.
    const survivorSamples = samples.filter((sample) => sample.target === survivor.baseUrl);
    expect(survivorSamples.filter((sample) => sample.status >= 300 || sample.networkError)).toEqual([]);
    // Requests to the dead instance fail at the connection (what a load balancer retries elsewhere), never hang.
    const toDead = samples.filter(
      (sample) => sample.target === victim.baseUrl && sample.startedAt > killedAt,
    );
    expect(toDead.length).toBeGreaterThan(0);
    expect(toDead.every((sample) => ['ECONNREFUSED', 'ECONNRESET'].includes(sample.networkError!))).toBe(
      true,
    );

    // The client moved to the survivor, re-joined, and hears a message sent there.
    expect(client.url).toBe(survivor.baseUrl);
    expect(client.disconnects[0]).toMatchObject({ url: victim.baseUrl, reason: 'transport close' });
    const sender: Socket = await connectSocket(survivor.baseUrl, await accessTokenFor(survivor, bob));
    sockets.push(sender);
    await joinTopic(sender, 'room:failover');
    const heard = client.message('after the crash');
    expect(
      await request(sender, 'new_message', { topic: 'room:failover', body: 'after the crash' }),
    ).toMatchObject({
      ok: true,
    });
    expect((await heard).url).toBe(survivor.baseUrl);

    // Writes the dead instance acknowledged before dying are stored.
    const acknowledged = samples.filter((sample) => sample.status === 201).map((sample) => sample.postId!);
    const stored = await survivor.prisma.post.count({ where: { id: { in: acknowledged } } });
    expect(stored).toBe(acknowledged.length);

    report('instance-kill', {
      survivorRequests: survivorSamples.length,
      survivorFailures: 0,
      requestsToDeadInstance: toDead.length,
      refusedOrReset: toDead.reduce<Record<string, number>>((counts, sample) => {
        counts[sample.networkError!] = (counts[sample.networkError!] ?? 0) + 1;
        return counts;
      }, {}),
      socketFailoverMs: failedOverAt - killedAt,
      acknowledgedWrites: acknowledged.length,
      storedWrites: stored,
    });
  }, 60_000);
});

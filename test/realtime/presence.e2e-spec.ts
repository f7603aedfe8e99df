import type { User } from '../../src/generated/prisma/client.js';
import { buildUser } from '../support/factories.js';
import { applyPresenceDiff, joinTopic, nextEvent, request } from '../support/sockets.js';
import { Cluster, clusterModes } from './cluster.js';

type Presences = Record<string, { metas: { phx_ref: string; online_at: number }[] }>;

describe.each(clusterModes)('Presence (%s)', (_mode, { size, env }) => {
  let cluster: Cluster;
  let alice: User;
  let bob: User;

  beforeAll(async () => {
    cluster = await Cluster.start(size, { env });
    [alice, bob] = await Promise.all([buildUser(cluster.primary.prisma), buildUser(cluster.primary.prisma)]);
  });
  afterEach(() => cluster.disconnectAll());
  afterAll(() => cluster.close());

  it('sends the joiner the state, and the others a diff', async () => {
    const first = await cluster.connect(alice);
    const { state: aliceState } = await joinTopic(first, 'room:p1');
    expect(aliceState).toEqual({
      topic: 'room:p1',
      presences: { [alice.id]: { metas: [{ phx_ref: first.id, online_at: expect.any(Number) }] } },
    });

    const second = await cluster.connect(bob);
    const diffAtAlice = nextEvent(first, 'presence_diff');
    const { state: bobState } = await joinTopic(second, 'room:p1');

    expect(Object.keys(bobState.presences).sort()).toEqual([String(alice.id), String(bob.id)].sort());
    expect(await diffAtAlice).toEqual({
      topic: 'room:p1',
      joins: { [bob.id]: { metas: [{ phx_ref: second.id, online_at: expect.any(Number) }] } },
      leaves: {},
    });
  });

  it('lists one user with two tabs once, with two metas, until the last tab closes', async () => {
    const observer = await cluster.connect(bob);
    let seen: Presences = (await joinTopic(observer, 'room:tabs')).state.presences;

    const tabs = [await cluster.connect(alice), await cluster.connect(alice)];
    for (const tab of tabs) {
      const diff = nextEvent(observer, 'presence_diff', (d) => Boolean(d.joins[alice.id]));
      await joinTopic(tab, 'room:tabs');
      seen = applyPresenceDiff(seen, await diff);
    }
    expect(seen[alice.id].metas.map((meta) => meta.phx_ref).sort()).toEqual(tabs.map((tab) => tab.id).sort());
    const { state } = await joinTopic(await cluster.connect(bob), 'room:tabs');
    expect(state.presences[alice.id].metas).toHaveLength(2);

    const [firstId, secondId] = tabs.map((tab) => tab.id);
    const firstClosed = nextEvent(observer, 'presence_diff', (d) => Boolean(d.leaves[alice.id]));
    tabs[0].close();
    const diff = await firstClosed;
    expect(diff.leaves[alice.id].metas).toEqual([expect.objectContaining({ phx_ref: firstId })]);
    seen = applyPresenceDiff(seen, diff);
    expect(seen[alice.id].metas).toEqual([expect.objectContaining({ phx_ref: secondId })]);

    const lastClosed = nextEvent(observer, 'presence_diff', (d) => Boolean(d.leaves[alice.id]));
    tabs[1].close();
    seen = applyPresenceDiff(seen, await lastClosed);
    expect(seen[alice.id]).toBeUndefined();
  });

  it('removes a presence on leave and on disconnect, leaving no trace for later joiners', async () => {
    const observer = await cluster.connect(bob);
    await joinTopic(observer, 'room:cleanup');
    const leaving = await cluster.connect(alice);
    await joinTopic(leaving, 'room:cleanup');

    const left = nextEvent(observer, 'presence_diff', (d) => Boolean(d.leaves[alice.id]));
    await request(leaving, 'leave', { topic: 'room:cleanup' });
    await left;

    const dropped = await cluster.connect(alice);
    await joinTopic(dropped, 'room:cleanup');
    const gone = nextEvent(observer, 'presence_diff', (d) => Boolean(d.leaves[alice.id]));
    dropped.disconnect();
    await gone;

    const { state } = await joinTopic(await cluster.connect(bob), 'room:cleanup');
    expect(Object.keys(state.presences)).toEqual([String(bob.id)]);
    expect(state.presences[bob.id].metas).toHaveLength(2);
  });

  it('keeps presence separate per topic', async () => {
    const socket = await cluster.connect(alice);
    await joinTopic(socket, 'room:one');
    const { state } = await joinTopic(await cluster.connect(bob), 'room:two');
    expect(Object.keys(state.presences)).toEqual([String(bob.id)]);
  });
});

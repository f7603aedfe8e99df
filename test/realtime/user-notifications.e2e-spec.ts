import type { User } from '../../src/generated/prisma/client.js';
import { authHeadersFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { nextEvent, recordEvents, untilSentinelLands } from '../support/sockets.js';
import { Cluster, clusterModes } from './cluster.js';

describe.each(clusterModes)('Notifications to a user’s sockets (%s)', (_mode, { size, env }) => {
  let cluster: Cluster;
  let owner: User;
  let stranger: User;

  beforeAll(async () => {
    cluster = await Cluster.start(size, { env });
    [owner, stranger] = [await buildUser(cluster.primary.prisma), await buildUser(cluster.primary.prisma)];
  });
  afterAll(() => cluster.close());

  it('tell every connection of a job’s owner, and nobody else, that the job finished', async () => {
    const tabs = [await cluster.connect(owner), await cluster.connect(owner)];
    // Beside the first tab: a broadcast reaches every socket of an instance in one step.
    const strangerSocket = await cluster.connect(stranger, 0);
    const strangerHears = recordEvents(strangerSocket, 'job_finished');
    const heard = tabs.map((tab) => nextEvent(tab, 'job_finished', undefined, 15_000));

    const submit = async (user: User) =>
      cluster.primary.http
        .as(await authHeadersFor(cluster.primary, user))
        .post('/api/search/jobs', { query: 'anything' });
    const { status, body } = await submit(owner);
    expect(status).toBe(202);

    for (const event of await Promise.all(heard)) expect(event).toEqual({ id: body.id, status: 'ok' });
    // The stranger's own job finishes after the owner's, through the same notifier: its news is the sentinel.
    let strangerJob: Promise<string> | undefined;
    const sentinel = await untilSentinelLands(
      strangerSocket,
      'job_finished',
      (event) => event.id !== body.id,
      async () => (strangerJob = submit(stranger).then((response) => response.body.id)),
      15_000,
    );
    expect(sentinel).toEqual({ id: await strangerJob, status: 'ok' });
    expect(strangerHears).toEqual([sentinel]);
  });
});

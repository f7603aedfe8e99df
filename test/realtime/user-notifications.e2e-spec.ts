import type { User } from '../../src/generated/prisma/client.js';
import { authHeadersFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { nextEvent, pause, recordEvents } from '../support/sockets.js';
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
    const strangerHears = recordEvents(await cluster.connect(stranger), 'job_finished');
    const heard = tabs.map((tab) => nextEvent(tab, 'job_finished', undefined, 15_000));

    const { status, body } = await cluster.primary.http
      .as(await authHeadersFor(cluster.primary, owner))
      .post('/api/search/jobs', { query: 'anything' });
    expect(status).toBe(202);

    for (const event of await Promise.all(heard)) expect(event).toEqual({ id: body.id, status: 'ok' });
    await pause(200);
    expect(strangerHears).toEqual([]);
  });
});

import { randomUUID } from 'node:crypto';
import type { User } from '../../src/generated/prisma/client.js';
import { accessTokenFor, authHeadersFor } from '../support/auth.js';
import { buildPost, buildUser } from '../support/factories.js';
import { type Exposition, scrape } from '../support/prometheus.js';
import { connectSocket, joinTopic, request } from '../support/sockets.js';
import { openEventStream } from '../support/sse.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const TOKEN = 'metrics-token-for-tests-0123456789abcdef';

/** Everything a client chose in one round: ids, URLs, topics, texts. None of it may become a label value. */
interface Traffic {
  values: string[];
}

// Prometheus keeps one series per label set, forever: a label fed by user ids, post ids, topics or URLs grows
// without bound. The same traffic with other values must therefore add no series, and no value may show.
describe('Label cardinality', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Rate limits off: a 429 appearing in one round only would be a new series for a reason unrelated to this test.
    t = await startTestApp({ env: { METRICS_TOKEN: TOKEN, RATE_LIMIT_ENABLED: 'false' } });
    await scrape(t.http, TOKEN); // the scrape route's own series exists from here on
  });
  afterAll(() => t.close());

  async function userTraffic(user: User, traffic: Traffic): Promise<void> {
    const http = t.http.as(await authHeadersFor(t, user));
    const post = await buildPost(t.prisma, { authorId: user.id });
    const missingId = String(1_000_000 + Math.floor(Math.random() * 1_000_000));
    const noise = randomUUID();
    traffic.values.push(String(user.id), String(post.id), missingId, noise, user.email);
    expect((await http.get(`/api/v2/posts/${post.id}`)).status).toBe(200);
    expect((await http.get(`/api/v1/posts/${post.id}`)).status).toBe(200);
    expect((await http.get(`/api/v2/posts/${missingId}`)).status).toBe(404);
    expect((await http.post(`/api/v2/posts/${post.id}/like`)).status).toBe(200);
    expect((await http.get(`/api/v1/posts?page=${2 + Math.floor(Math.random() * 50)}`)).status).toBe(200);
    expect((await http.get(`/nowhere/${noise}?q=${noise}`)).status).toBe(404);
    expect((await http.get(`/api/v2/posts/${noise}`)).status).toBe(400);
    expect((await http.post('/api/search/jobs', { query: noise })).status).toBe(202);
    expect(
      (await t.http.post('/api/auth/login', { email: `${noise}@example.test`, password: noise })).status,
    ).toBe(401);
    const stream = await openEventStream(`${t.baseUrl}/api/v2/posts/events?last_event_id=${missingId}`);
    stream.close();
  }

  async function socketTraffic(user: User, traffic: Traffic): Promise<void> {
    const topic = `room:${randomUUID()}`;
    const invalid = `lobby-${randomUUID()}`;
    traffic.values.push(topic, invalid);
    const socket = await connectSocket(t.baseUrl, await accessTokenFor(t, user));
    try {
      await joinTopic(socket, topic);
      expect(await request(socket, 'new_message', { topic, body: randomUUID() })).toMatchObject({ ok: true });
      expect((await request(socket, 'join', { topic: invalid })).ok).toBe(false);
      expect((await request(socket, 'typing', { topic: `room:${randomUUID()}` })).ok).toBe(false);
    } finally {
      socket.close();
    }
  }

  async function round(users: number): Promise<{ exposition: Exposition; traffic: Traffic }> {
    const traffic: Traffic = { values: [] };
    for (let i = 0; i < users; i++) {
      const user = await buildUser(t.prisma);
      await userTraffic(user, traffic);
      await socketTraffic(user, traffic);
    }
    return { exposition: await scrape(t.http, TOKEN), traffic };
  }

  const hearthSeries = (exposition: Exposition) =>
    new Map(
      [...exposition.values()]
        .filter((family) => family.name.startsWith('hearth_'))
        .map((family) => [family.name, family.samples.length]),
    );

  it('adds no series when the same traffic comes with other ids, users, URLs and topics', async () => {
    const first = await round(2);
    const second = await round(6);
    expect(hearthSeries(second.exposition)).toEqual(hearthSeries(first.exposition));
  });

  it('puts no id, URL, topic, email or client text in a label', async () => {
    const { exposition, traffic } = await round(2);
    const labelValues = [...exposition.values()].flatMap((family) =>
      family.samples.flatMap((sample) =>
        Object.entries(sample.labels).map(([label, value]) => ({ metric: sample.name, label, value })),
      ),
    );
    for (const seen of labelValues.filter(({ label }) => label !== 'le')) {
      const tokens = seen.value.split(/[^A-Za-z0-9]+/);
      for (const chosen of traffic.values) {
        // Numbers as whole tokens (user 2 is not the 2 of "v2" or "2xx"); everything else anywhere.
        if (/^\d+$/.test(chosen)) expect(tokens).not.toContain(chosen);
        else expect(seen.value).not.toContain(chosen);
      }
      // Ours never label with a number (Node's own nodejs_version_info does: major="20").
      if (seen.metric.startsWith('hearth_')) expect(seen.value).not.toMatch(/^\d+$/);
      // Route patterns name parameters (`:id`); digits only in the API version.
      if (seen.label === 'route') expect(seen.value.replace(/\/v\d\//g, '/')).not.toMatch(/\d|\?/);
    }
    const routes = new Set(labelValues.filter(({ label }) => label === 'route').map(({ value }) => value));
    expect(routes).toContain('/api/v2/posts/:id');
    expect(routes).toContain('unmatched');
  });
});

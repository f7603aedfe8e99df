import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { cookieFrom } from '../auth/auth-test-helpers.js';
import { FakeOAuthProvider } from '../auth/fake-oauth-provider.js';
import { authHeadersFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { waitUntil } from '../support/server-process.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { localDiskBackend, type StorageBackend } from '../support/storage.js';
import { pngBytes } from '../uploads/upload-fixtures.js';

const PUBLIC_URL = 'http://files.hearth.test';

// Secrets that travel in URLs (signed file URLs, OAuth code and state, password-reset links) must never be
// written to the log, where operators, log shippers and their vendors can read them.
describe('The log', () => {
  let t: TestApp;
  let storage: StorageBackend;
  let github: FakeOAuthProvider;
  let outbox: string;
  const lines: string[] = [];
  const logged = () => lines.join('');
  /** Every secret value the test saw go over the wire. */
  const secrets: string[] = [];

  beforeAll(async () => {
    storage = await localDiskBackend();
    github = await new FakeOAuthProvider('github').start();
    outbox = await mkdtemp(path.join(os.tmpdir(), 'hearth-outbox-'));
    t = await startTestApp({
      env: {
        ...storage.env,
        ...github.env(),
        PUBLIC_URL,
        // As `npm start` runs on a laptop: mail is not sent, and the reset link must still be reachable.
        NODE_ENV: 'development',
        MAIL_OUTBOX_DIR: outbox,
        LOG_LEVEL: 'info',
      },
      logDestination: new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString('utf8'));
          done();
        },
      }),
    });
  });
  afterAll(async () => {
    await t?.close();
    await github?.stop();
    await storage?.close();
    await rm(outbox, { recursive: true, force: true });
  });

  /** The first access-log entry that `matches`, once it has been written. */
  async function loggedRequest(matches: (entry: Record<string, unknown>) => boolean) {
    const find = () =>
      lines.map((line) => JSON.parse(line)).find((entry) => entry.msg === 'request' && matches(entry));
    await waitUntil(async () => find() !== undefined, 5_000);
    return find();
  }

  const collect = (url: string, ...names: string[]) => {
    const query = new URL(url, PUBLIC_URL).searchParams;
    for (const name of names) {
      const value = query.get(name);
      expect(value).toBeTruthy();
      secrets.push(value!);
    }
  };

  it('records requests by path and route, without query strings: signed upload and file URLs', async () => {
    const user = await buildUser(t.prisma);
    const client = t.http.as(await authHeadersFor(t, user));
    const bytes = pngBytes();
    const presigned = await client.post('/api/uploads/presign', {
      filename: 'a.png',
      content_type: 'image/png',
      size: bytes.length,
    });
    collect(presigned.body.url, 'signature');
    await fetch(storage.reachable(t, presigned.body.url), {
      method: 'PUT',
      headers: presigned.body.headers,
      body: new Uint8Array(bytes),
    });
    const completed = await client.post(`/api/uploads/${presigned.body.upload_id}/complete`);
    collect(completed.body.data.url, 'signature');
    expect((await fetch(storage.reachable(t, completed.body.data.url))).status).toBe(200);

    // The access log line is written once the response has gone out.
    const fileRequest = await loggedRequest((entry) => entry.method === 'GET' && entry.status === 200);
    expect(fileRequest).toMatchObject({ route: '/api/uploads/files/*' });
    expect(fileRequest.url).toMatch(/^\/api\/uploads\/files\/uploads\/\d+\/[0-9a-f-]+\.png$/);
  });

  it('never holds the OAuth code and state of a sign-in', async () => {
    github.nextSignIn = {
      id: `gh-${Date.now()}`,
      email: `log-${Date.now()}@example.test`,
      emailVerified: true,
    };
    const start = await t.http.get('/api/auth/github');
    const atProvider = await fetch(start.headers.location!, { redirect: 'manual' });
    const back = new URL(atProvider.headers.get('location')!);
    collect(back.toString(), 'code', 'state');
    const callback = await t.http.get(`${back.pathname}${back.search}`, {
      headers: { cookie: cookieFrom(start, 'hearth_oauth_state')! },
    });
    expect(callback.status).toBe(302);
  });

  it('never holds a password-reset token; in development the link is in the mail outbox instead', async () => {
    const user = await buildUser(t.prisma, { password: 'the old password' });
    expect((await t.http.post('/api/auth/password/forgot', { email: user.email })).status).toBe(202);
    await waitUntil(async () => (await readdir(outbox)).length > 0, 10_000);
    const [file] = await readdir(outbox);
    const mail = await readFile(path.join(outbox, file), 'utf8');
    const link = /https?:\/\/\S+token=\S+/.exec(mail)![0];
    collect(link, 'token');
    const token = new URL(link).searchParams.get('token')!;
    // A reset page served from the API's host would receive the token in its query string.
    await t.http.get(`/reset-password?token=${token}`);
    const reset = await t.http.post('/api/auth/password/reset', { token, password: 'a brand new password' });
    expect(reset.status).toBe(200);
  });

  it('holds none of the secrets that the requests above carried', () => {
    expect(secrets.length).toBeGreaterThanOrEqual(5);
    const text = logged();
    expect(text).toContain('"msg":"request"');
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/[?&](signature|code|state|token)=/);
  });
});

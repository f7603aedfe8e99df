import type { User } from '../../src/generated/prisma/client.js';
import { LocalDiskStorage } from '../../src/infra/storage/local-disk.storage.js';
import { ObjectStorage } from '../../src/infra/storage/object-storage.js';
import { authHeadersFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { localDiskBackend, s3rverBackend, type StorageBackend } from '../support/storage.js';
import { fetchResult, pngBytes, postFiles } from './upload-fixtures.js';

// With local-disk storage the API serves files and receives direct uploads itself, at signed URLs: the
// signature is the only credential, so it must hold.
describe('Files served and received by the API (local disk)', () => {
  let storage: StorageBackend;
  let t: TestApp;
  let alice: User;

  beforeAll(async () => {
    storage = await localDiskBackend();
    t = await startTestApp({ env: storage.env });
    alice = await buildUser(t.prisma);
  });
  afterAll(async () => {
    await t?.close();
    await storage?.close();
  });
  beforeEach(async () => {
    await t.prisma.upload.deleteMany();
    await storage.clear();
  });

  async function presign(size: number) {
    const client = t.http.as(await authHeadersFor(t, alice));
    const response = await client.post('/api/uploads/presign', {
      filename: 'a.png',
      content_type: 'image/png',
      size,
    });
    expect(response.status).toBe(201);
    return { ...response.body, url: storage.reachable(t, response.body.url) };
  }

  it('serves a file only with its signature: tampered, missing or reused for another key → 403', async () => {
    const [file] = (await postFiles(t, alice, [{ name: 'a.png', bytes: pngBytes() }])).body.data;
    const [other] = (await postFiles(t, alice, [{ name: 'b.png', bytes: pngBytes(300) }])).body.data;
    const url = new URL(storage.reachable(t, file.url));
    const otherUrl = new URL(storage.reachable(t, other.url));

    const tampered = new URL(url);
    tampered.searchParams.set('signature', 'A'.repeat(43));
    const unsigned = new URL(url);
    unsigned.search = '';
    const swapped = new URL(otherUrl);
    swapped.search = url.search;

    expect((await fetch(url)).status).toBe(200);
    for (const refused of [tampered, unsigned, swapped]) {
      const response = await fetch(refused);
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_signature');
    }
  });

  it('refuses a correctly signed download URL once it has expired (403 url_expired), and its expiry cannot be moved', async () => {
    const [file] = (await postFiles(t, alice, [{ name: 'a.png', bytes: pngBytes() }])).body.data;
    const { key } = await t.prisma.upload.findUniqueOrThrow({ where: { id: file.id } });
    // The app's own signer, asked for the URL it handed out two TTLs ago.
    const signer = t.app.get(ObjectStorage);
    if (!(signer instanceof LocalDiskStorage)) throw new Error('expected the local-disk storage');
    const ttlMs = t.config.storage.downloadUrlTtlSeconds * 1000;
    const fresh = new URL(storage.reachable(t, await signer.downloadUrl(key)));
    const expired = new URL(
      storage.reachable(t, await signer.downloadUrl(key, new Date(Date.now() - 2 * ttlMs))),
    );
    expect(Number(expired.searchParams.get('expires')) * 1000).toBeLessThan(Date.now());
    const extended = new URL(expired);
    extended.searchParams.set('expires', fresh.searchParams.get('expires')!);

    expect((await fetch(fresh)).status).toBe(200);
    const refused = await fetchResult(expired.href);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('url_expired');
    const moved = await fetchResult(extended.href);
    expect(moved.status).toBe(403);
    expect(moved.body.error.code).toBe('invalid_signature');
  });

  it('never serves a path outside the storage directory', async () => {
    for (const path of [
      '/api/uploads/files/..%2F..%2F..%2Fetc%2Fpasswd',
      '/api/uploads/files/uploads/..%2F..%2Fpackage.json',
      '/api/uploads/files/.incoming/x',
    ]) {
      const response = await t.http.get(`${path}?expires=9999999999&signature=x`);
      expect([403, 404]).toContain(response.status);
      expect(response.text).not.toContain('root:');
      expect(response.text).not.toContain('"name"');
    }
  });

  it('accepts a direct upload of exactly the signed size and type', async () => {
    const png = pngBytes(1_000);
    const target = await presign(png.length);

    const put = await fetch(target.url, {
      method: 'PUT',
      headers: target.headers,
      body: new Uint8Array(png),
    });

    expect(put.status).toBe(200);
    expect(await storage.keys()).toEqual([`incoming/${alice.id}/${target.upload_id}.png`]);
  });

  it('refuses a direct upload larger than signed with 413 and keeps nothing', async () => {
    const target = await presign(1_000);

    const put = await fetch(target.url, {
      method: 'PUT',
      headers: target.headers,
      body: new Uint8Array(pngBytes(2_000)),
    });

    expect(put.status).toBe(413);
    expect(await storage.keys()).toEqual([]);
  });

  it('refuses a direct upload smaller than signed with 400 and keeps nothing', async () => {
    const target = await presign(1_000);

    const put = await fetch(target.url, {
      method: 'PUT',
      headers: target.headers,
      body: new Uint8Array(pngBytes(500)),
    });

    expect(put.status).toBe(400);
    expect(await storage.keys()).toEqual([]);
  });

  it('refuses a direct upload with another content type than signed (403)', async () => {
    const png = pngBytes(1_000);
    const target = await presign(png.length);

    const put = await fetch(target.url, {
      method: 'PUT',
      headers: { 'content-type': 'image/jpeg' },
      body: new Uint8Array(png),
    });

    expect(put.status).toBe(403);
    expect(await storage.keys()).toEqual([]);
  });

  it('reports the storage in readiness', async () => {
    const response = await t.http.get('/health/ready');

    expect(response.status).toBe(200);
    expect(response.body.checks).toEqual(expect.objectContaining({ storage: 'ok' }));
  });
});

describe('Files with S3 storage', () => {
  let storage: StorageBackend;
  let t: TestApp;

  beforeAll(async () => {
    storage = await s3rverBackend();
    t = await startTestApp({ env: storage.env });
  });
  afterAll(async () => {
    await t?.close();
    await storage?.close();
  });

  it('the API does not serve or accept files itself (404): URLs point at the bucket', async () => {
    const response = await t.http.get('/api/uploads/files/uploads/1/x.png?expires=9999999999&signature=x');

    expect(response.status).toBe(404);
  });

  it('reports the bucket in readiness', async () => {
    const response = await t.http.get('/health/ready');

    expect(response.status).toBe(200);
    expect(response.body.checks).toEqual(expect.objectContaining({ storage: 'ok' }));
  });
});

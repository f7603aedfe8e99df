import type { User } from '../../src/generated/prisma/client.js';
import { ObjectStorage } from '../../src/infra/storage/object-storage.js';
import { UploadSweeper } from '../../src/uploads/upload-sweeper.js';
import { STRONG_PASSWORD } from '../auth/auth-test-helpers.js';
import { authHeadersFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { localDiskBackend, s3rverBackend, type StorageBackend } from '../support/storage.js';
import { fetchResult, jpegBytes, MB, NOT_AN_IMAGE, pngBytes, postFiles } from './upload-fixtures.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

// The same story on both storage adapters: what users see must not depend on where the bytes live.
describe.each([
  ['local disk', localDiskBackend],
  ['S3 (s3rver, through the AWS SDK)', s3rverBackend],
])('Uploads on %s', (_name, createBackend: () => Promise<StorageBackend>) => {
  let storage: StorageBackend;
  let t: TestApp;
  let alice: User;
  let bob: User;

  beforeAll(async () => {
    storage = await createBackend();
    t = await startTestApp({ env: storage.env });
    alice = await buildUser(t.prisma);
    bob = await buildUser(t.prisma);
  });
  afterAll(async () => {
    await t?.close();
    await storage?.close();
  });
  beforeEach(async () => {
    await t.prisma.upload.deleteMany();
    await t.prisma.storageSweep.deleteMany();
    await storage.clear();
  });

  async function as(user: User) {
    return t.http.as(await authHeadersFor(t, user));
  }

  async function expectNothingStored(): Promise<void> {
    expect(await t.prisma.upload.count()).toBe(0);
    expect(await storage.keys()).toEqual([]);
  }

  async function download(url: string) {
    const response = await fetch(storage.reachable(t, url));
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      bytes: Buffer.from(await response.arrayBuffer()),
    };
  }

  /** presign → PUT to the URL as a client would → the presign answer. */
  async function presignAndPut(user: User, file: { filename: string; content_type: string; bytes: Buffer }) {
    const presigned = await (
      await as(user)
    ).post('/api/uploads/presign', {
      filename: file.filename,
      content_type: file.content_type,
      size: file.bytes.length,
    });
    expect(presigned.status).toBe(201);
    const put = await fetch(storage.reachable(t, presigned.body.url), {
      method: presigned.body.method,
      headers: presigned.body.headers,
      body: new Uint8Array(file.bytes),
    });
    expect(put.status).toBe(200);
    return presigned.body;
  }

  describe('POST /api/uploads (multipart)', () => {
    it('stores real PNG and JPEG files and answers 201 with name, url, size and content_type', async () => {
      const png = pngBytes(2_000);
      const jpeg = jpegBytes();

      const response = await postFiles(t, alice, [
        { name: 'cat.png', bytes: png, type: 'image/png' },
        { name: 'dog.jpeg', bytes: jpeg, type: 'image/jpeg' },
      ]);

      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        data: [
          {
            id: expect.stringMatching(UUID),
            name: 'cat.png',
            url: expect.any(String),
            size: 2_000,
            content_type: 'image/png',
          },
          {
            id: expect.stringMatching(UUID),
            name: 'dog.jpeg',
            url: expect.any(String),
            size: jpeg.length,
            content_type: 'image/jpeg',
          },
        ],
      });
      const [catFile, dogFile] = response.body.data;
      expect(await download(catFile.url)).toEqual({ status: 200, type: 'image/png', bytes: png });
      expect(await download(dogFile.url)).toEqual({ status: 200, type: 'image/jpeg', bytes: jpeg });
      const rows = await t.prisma.upload.findMany({ orderBy: { name: 'asc' } });
      expect(rows.map((row) => [row.ownerId, row.key, row.status])).toEqual([
        [alice.id, `uploads/${alice.id}/${catFile.id}.png`, 'completed'],
        [alice.id, `uploads/${alice.id}/${dogFile.id}.jpg`, 'completed'],
      ]);
      expect(await storage.keys()).toEqual(rows.map((row) => row.key).sort());
    });

    it('never lets the client file name reach the storage key: ../../etc/passwd.png is kept as a display name only', async () => {
      const response = await postFiles(t, alice, [{ name: '../../etc/passwd.png', bytes: pngBytes() }]);

      expect(response.status).toBe(201);
      const [file] = response.body.data;
      expect(file.name).toBe('passwd.png');
      const row = await t.prisma.upload.findUniqueOrThrow({ where: { id: file.id } });
      expect(row.key).toMatch(new RegExp(`^uploads/${alice.id}/${UUID}\\.png$`));
      expect(row.key).not.toContain('passwd');
      expect(row.key).not.toContain('..');
      expect(await storage.keys()).toEqual([row.key]);
    });

    it('refuses 6 files with 413 and stores none of them', async () => {
      const files = Array.from({ length: 6 }, (_, i) => ({ name: `p${i}.png`, bytes: pngBytes() }));

      const response = await postFiles(t, alice, files);

      expect(response.status).toBe(413);
      expect(response.body.error.code).toBe('too_many_files');
      await expectNothingStored();
    });

    it('accepts exactly 5 files', async () => {
      const files = Array.from({ length: 5 }, (_, i) => ({ name: `p${i}.png`, bytes: pngBytes() }));

      const response = await postFiles(t, alice, files);

      expect(response.status).toBe(201);
      expect(response.body.data).toHaveLength(5);
    });

    it('refuses an 11 MB file with 413 and keeps no partial object', async () => {
      const response = await postFiles(t, alice, [{ name: 'huge.png', bytes: pngBytes(11 * MB) }]);

      expect(response.status).toBe(413);
      expect(response.body.error.code).toBe('file_too_large');
      await expectNothingStored();
    });

    it('accepts a file of exactly 10 MB', async () => {
      const response = await postFiles(t, alice, [{ name: 'max.png', bytes: pngBytes(10 * MB) }]);

      expect(response.status).toBe(201);
      expect(response.body.data[0].size).toBe(10 * MB);
    });

    it('stores nothing when a later file of the request is refused: the earlier ones are removed', async () => {
      const response = await postFiles(t, alice, [
        { name: 'fine.png', bytes: pngBytes() },
        { name: 'also-fine.jpg', bytes: jpegBytes() },
        { name: 'huge.png', bytes: pngBytes(11 * MB) },
      ]);

      expect(response.status).toBe(413);
      await expectNothingStored();
    });

    it.each([
      ['a fake PNG (png name, other bytes)', 'fake.png', NOT_AN_IMAGE],
      ['a JPEG under a .png name', 'photo.png', jpegBytes()],
      ['a real PNG under a .gif name', 'anim.gif', pngBytes()],
      ['a real PNG without extension', 'picture', pngBytes()],
      ['an empty .png file', 'empty.png', Buffer.alloc(0)],
    ])('refuses %s with 415 and stores nothing', async (_case, name, bytes) => {
      const response = await postFiles(t, alice, [
        { name: 'good.png', bytes: pngBytes() },
        { name, bytes, type: 'image/png' },
      ]);

      expect(response.status).toBe(415);
      expect(response.body.error).toEqual({
        code: 'unsupported_media_type',
        message: expect.any(String),
        details: { file: expect.any(String) },
      });
      await expectNothingStored();
    });

    it('answers 400 when the form has no files', async () => {
      const form = new FormData();
      form.append('note', 'no files here');
      const response = await fetchResult(`${t.baseUrl}/api/uploads`, {
        method: 'POST',
        body: form,
        headers: await authHeadersFor(t, alice),
      });

      expect(response.status).toBe(400);
      await expectNothingStored();
    });

    it('answers 400 when the files come in another field, and 415 for a JSON body', async () => {
      const wrongField = await postFiles(t, alice, [{ name: 'a.png', bytes: pngBytes(), field: 'file' }]);
      expect(wrongField.status).toBe(400);
      expect(wrongField.body.error.details).toEqual([{ field: 'file', message: expect.any(String) }]);

      const json = await (await as(alice)).post('/api/uploads', { files: [] });
      expect(json.status).toBe(415);
      await expectNothingStored();
    });

    it('requires a signed-in user', async () => {
      const form = new FormData();
      form.append('files', new Blob([new Uint8Array(pngBytes())]), 'a.png');
      const response = await fetchResult(`${t.baseUrl}/api/uploads`, { method: 'POST', body: form });

      expect(response.status).toBe(401);
      await expectNothingStored();
    });
  });

  describe('presigned direct upload', () => {
    it('presign → PUT to storage → complete → listed → the file is served', async () => {
      const png = pngBytes(5_000);
      const presigned = await presignAndPut(alice, {
        filename: 'direct.png',
        content_type: 'image/png',
        bytes: png,
      });

      expect(presigned).toEqual({
        upload_id: expect.stringMatching(UUID),
        url: expect.any(String),
        method: 'PUT',
        headers: { 'content-type': 'image/png' },
        expires_at: expect.stringMatching(/Z$/),
      });
      expect(new Date(presigned.expires_at).getTime()).toBeGreaterThan(Date.now());

      const completed = await (await as(alice)).post(`/api/uploads/${presigned.upload_id}/complete`);
      expect(completed.status).toBe(200);
      expect(completed.body.data).toEqual({
        id: presigned.upload_id,
        name: 'direct.png',
        url: expect.any(String),
        size: 5_000,
        content_type: 'image/png',
      });

      const listed = await (await as(alice)).get('/api/uploads');
      expect(listed.body.data).toEqual([completed.body.data]);
      expect(await download(completed.body.data.url)).toEqual({ status: 200, type: 'image/png', bytes: png });
      // The checked bytes live under their final key; the PUT target is gone.
      expect(await storage.keys()).toEqual([`uploads/${alice.id}/${presigned.upload_id}.png`]);

      const again = await (await as(alice)).post(`/api/uploads/${presigned.upload_id}/complete`);
      expect(again.status).toBe(200);
      expect(again.body.data.id).toBe(presigned.upload_id);
    });

    it('refuses to complete when the uploaded bytes are not the declared image, and removes the object', async () => {
      const presigned = await presignAndPut(alice, {
        filename: 'sneaky.png',
        content_type: 'image/png',
        bytes: NOT_AN_IMAGE,
      });
      expect(await storage.keys()).toHaveLength(1);

      const completed = await (await as(alice)).post(`/api/uploads/${presigned.upload_id}/complete`);

      expect(completed.status).toBe(415);
      expect(completed.body.error.code).toBe('unsupported_media_type');
      expect(await storage.keys()).toEqual([]);
      expect((await (await as(alice)).get('/api/uploads')).body.data).toEqual([]);
      const retried = await (await as(alice)).post(`/api/uploads/${presigned.upload_id}/complete`);
      expect(retried.status).toBe(422);
      expect(retried.body.error.code).toBe('upload_missing');
    });

    it('refuses to complete when the stored size differs from the declared size, and removes the object', async () => {
      const presigned = await (
        await as(alice)
      ).post('/api/uploads/presign', { filename: 'a.png', content_type: 'image/png', size: 100 });
      // A store that does not enforce the signed length (s3rver does not): other bytes land at the key.
      const stored = await t.app.get(ObjectStorage).put(
        (await t.prisma.upload.findUniqueOrThrow({ where: { id: presigned.body.upload_id } })).key,
        (async function* () {
          yield pngBytes(150);
        })(),
        { contentType: 'image/png' },
      );
      expect(stored.size).toBe(150);

      const completed = await (await as(alice)).post(`/api/uploads/${presigned.body.upload_id}/complete`);

      expect(completed.status).toBe(422);
      expect(completed.body.error.code).toBe('size_mismatch');
      expect(await storage.keys()).toEqual([]);
    });

    it('completing twice at once records the upload once', async () => {
      const presigned = await presignAndPut(alice, {
        filename: 'a.png',
        content_type: 'image/png',
        bytes: pngBytes(),
      });
      const client = await as(alice);

      const answers = await Promise.all(
        [1, 2, 3].map(() => client.post(`/api/uploads/${presigned.upload_id}/complete`)),
      );

      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
      expect(await t.prisma.upload.count({ where: { status: 'completed' } })).toBe(1);
      expect(await storage.keys()).toEqual([`uploads/${alice.id}/${presigned.upload_id}.png`]);
      expect((await download(answers[0].body.data.url)).status).toBe(200);
    });

    it('answers 422 upload_missing when nothing was PUT yet', async () => {
      const presigned = await (
        await as(alice)
      ).post('/api/uploads/presign', { filename: 'a.jpg', content_type: 'image/jpeg', size: 100 });

      const completed = await (await as(alice)).post(`/api/uploads/${presigned.body.upload_id}/complete`);

      expect(completed.status).toBe(422);
      expect(completed.body.error.code).toBe('upload_missing');
    });

    it.each([
      ['a type other than JPEG/PNG', { filename: 'a.gif', content_type: 'image/gif', size: 10 }, 415],
      [
        'a name that does not match the type',
        { filename: 'a.png', content_type: 'image/jpeg', size: 10 },
        415,
      ],
      ['more than 10 MB', { filename: 'a.png', content_type: 'image/png', size: 10 * MB + 1 }, 413],
      ['no size', { filename: 'a.png', content_type: 'image/png' }, 400],
      ['a size of 0', { filename: 'a.png', content_type: 'image/png', size: 0 }, 400],
      ['an unknown field', { filename: 'a.png', content_type: 'image/png', size: 1, key: 'x' }, 400],
    ])('refuses to presign %s', async (_case, body, status) => {
      const response = await (await as(alice)).post('/api/uploads/presign', body);

      expect(response.status).toBe(status);
      await expectNothingStored();
    });

    it('another user cannot complete my upload (404)', async () => {
      const presigned = await presignAndPut(alice, {
        filename: 'a.png',
        content_type: 'image/png',
        bytes: pngBytes(),
      });

      const response = await (await as(bob)).post(`/api/uploads/${presigned.upload_id}/complete`);

      expect(response.status).toBe(404);
      expect((await t.prisma.upload.findUniqueOrThrow({ where: { id: presigned.upload_id } })).status).toBe(
        'pending',
      );
    });

    it('sweeps uploads that were never completed once they expire, objects included', async () => {
      const abandoned = await presignAndPut(alice, {
        filename: 'a.png',
        content_type: 'image/png',
        bytes: pngBytes(),
      });
      const kept = await postFiles(t, alice, [{ name: 'kept.png', bytes: pngBytes() }]);
      const sweeper = t.app.get(UploadSweeper);

      expect(await sweeper.sweepExpired(new Date())).toBe(0);
      const afterExpiry = new Date(Date.parse(abandoned.expires_at) + 60 * 60_000);
      expect(await sweeper.sweepExpired(afterExpiry)).toBe(1);

      expect(await t.prisma.upload.findUnique({ where: { id: abandoned.upload_id } })).toBeNull();
      const keptRow = await t.prisma.upload.findUniqueOrThrow({ where: { id: kept.body.data[0].id } });
      expect(await storage.keys()).toEqual([keptRow.key]);
      const late = await (await as(alice)).post(`/api/uploads/${abandoned.upload_id}/complete`);
      expect(late.status).toBe(404);
    });
  });

  describe('presigned URLs that outlive their upload', () => {
    /** A second PUT to a URL whose upload is gone: S3 cannot revoke the URL and stores it; local disk refuses it. */
    async function putAgain(presigned: { url: string; method: string; headers: Record<string, string> }) {
      const put = await fetch(storage.reachable(t, presigned.url), {
        method: presigned.method,
        headers: presigned.headers,
        body: new Uint8Array(pngBytes()),
      });
      expect([200, 409]).toContain(put.status);
    }

    async function sweepOnceExpired(presigned: { expires_at: string }): Promise<void> {
      const sweeper = t.app.get(UploadSweeper);
      await sweeper.sweepExpired(new Date());
      // Until the URL expires the target is kept in mind, not yet swept (a PUT may still come).
      expect(await t.prisma.storageSweep.count()).toBe(1);
      await sweeper.sweepExpired(new Date(Date.parse(presigned.expires_at) + 60 * 60_000));
    }

    it('what a PUT leaves at the URL of a deleted upload is deleted once the URL has expired', async () => {
      const presigned = await presignAndPut(alice, {
        filename: 'gone.png',
        content_type: 'image/png',
        bytes: pngBytes(),
      });
      expect((await (await as(alice)).post(`/api/uploads/${presigned.upload_id}/complete`)).status).toBe(200);
      expect((await (await as(alice)).delete(`/api/uploads/${presigned.upload_id}`)).status).toBe(204);
      await putAgain(presigned);

      await sweepOnceExpired(presigned);

      expect(await storage.keys()).toEqual([]);
      expect(await t.prisma.storageSweep.count()).toBe(0);
    });

    it("what a PUT leaves at a presigned URL after its owner's account was deleted is deleted once it expires", async () => {
      const owner = await buildUser(t.prisma, { password: STRONG_PASSWORD });
      const presigned = await presignAndPut(owner, {
        filename: 'mine.png',
        content_type: 'image/png',
        bytes: pngBytes(),
      });
      const deleted = await (
        await as(owner)
      ).delete('/api/auth/account', { body: { password: STRONG_PASSWORD } });
      expect(deleted.status).toBe(204);
      await putAgain(presigned);

      await sweepOnceExpired(presigned);

      expect(await storage.keys()).toEqual([]);
      expect(await t.prisma.storageSweep.count()).toBe(0);
    });
  });

  describe('listing and deleting', () => {
    it('lists only my completed uploads, newest first, one page at a time', async () => {
      for (const name of ['one.png', 'two.png', 'three.png']) {
        expect((await postFiles(t, alice, [{ name, bytes: pngBytes() }])).status).toBe(201);
      }
      await postFiles(t, bob, [{ name: 'bobs.png', bytes: pngBytes() }]);
      await (
        await as(alice)
      ).post('/api/uploads/presign', { filename: 'p.png', content_type: 'image/png', size: 9 });

      const first = await (await as(alice)).get('/api/uploads?page=1&page_size=2');
      const second = await (await as(alice)).get('/api/uploads?page=2&page_size=2');

      expect(first.status).toBe(200);
      expect(first.body.data.map((item: { name: string }) => item.name)).toEqual(['three.png', 'two.png']);
      expect(first.body.metadata).toEqual({ page_number: 1, page_size: 2, total_entries: 3, total_pages: 2 });
      expect(second.body.data.map((item: { name: string }) => item.name)).toEqual(['one.png']);
      expect(first.headers['cache-control']).toMatch(/private/);
    });

    it('answers the list with a stable ETag, and 304 when it has not changed', async () => {
      await postFiles(t, alice, [{ name: 'a.png', bytes: pngBytes() }]);
      const client = await as(alice);

      const first = await client.get('/api/uploads');
      const second = await client.get('/api/uploads', {
        headers: { 'if-none-match': first.headers.etag as string },
      });

      expect(first.headers.etag).toBeTruthy();
      expect(second.status).toBe(304);
    });

    it('deletes my upload and its file', async () => {
      const [file] = (await postFiles(t, alice, [{ name: 'gone.png', bytes: pngBytes() }])).body.data;

      const response = await (await as(alice)).delete(`/api/uploads/${file.id}`);

      expect(response.status).toBe(204);
      await expectNothingStored();
      expect((await (await as(alice)).get('/api/uploads')).body.data).toEqual([]);
      expect((await download(file.url)).status).toBe(404);
    });

    it("answers 404 when deleting another user's upload, and leaves it alone", async () => {
      const [file] = (await postFiles(t, alice, [{ name: 'mine.png', bytes: pngBytes() }])).body.data;

      const response = await (await as(bob)).delete(`/api/uploads/${file.id}`);

      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('not_found');
      expect(await t.prisma.upload.count()).toBe(1);
      expect(await storage.keys()).toHaveLength(1);
      expect((await download(file.url)).status).toBe(200);
    });

    it('answers 404 for an unknown id and 400 for an id that is not a UUID', async () => {
      const client = await as(alice);
      expect((await client.delete('/api/uploads/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      const malformed = await client.delete('/api/uploads/not-a-uuid');
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.details).toEqual([{ field: 'id', message: expect.any(String) }]);
    });
  });
});

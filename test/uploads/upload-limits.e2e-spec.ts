import type { User } from '../../src/generated/prisma/client.js';
import { UploadSweeper } from '../../src/uploads/upload-sweeper.js';
import { authHeadersFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { localDiskBackend, s3rverBackend, type StorageBackend } from '../support/storage.js';
import { pngBytes, postFiles } from './upload-fixtures.js';

const QUOTA = 3_000;

// What one user can make the storage hold is bounded: a presigned URL stores one object, and every user has a
// quota (STORAGE_QUOTA_BYTES_PER_USER) counted over completed uploads and unexpired presigned ones.
describe.each([
  ['local disk', localDiskBackend],
  ['S3 (s3rver, through the AWS SDK)', s3rverBackend],
])('Upload limits on %s', (name, createBackend: () => Promise<StorageBackend>) => {
  let storage: StorageBackend;
  let t: TestApp;

  beforeAll(async () => {
    storage = await createBackend();
    t = await startTestApp({ env: { ...storage.env, STORAGE_QUOTA_BYTES_PER_USER: String(QUOTA) } });
  });
  afterAll(async () => {
    await t?.close();
    await storage?.close();
  });
  beforeEach(async () => {
    await t.prisma.upload.deleteMany();
    await storage.clear();
  });

  const as = async (user: User) => t.http.as(await authHeadersFor(t, user));
  const presign = async (user: User, size: number) =>
    (await as(user)).post('/api/uploads/presign', { filename: 'a.png', content_type: 'image/png', size });
  const put = (url: string, headers: Record<string, string>, bytes: Buffer) =>
    fetch(storage.reachable(t, url), { method: 'PUT', headers, body: new Uint8Array(bytes) });
  const incomingKeys = async () => (await storage.keys()).filter((key) => key.startsWith('incoming/'));

  describe('a presigned URL is single use', () => {
    it('a PUT after complete is refused or cleaned up: nothing stays under incoming/', async () => {
      const user = await buildUser(t.prisma);
      const bytes = pngBytes(500);
      const presigned = (await presign(user, bytes.length)).body;
      expect((await put(presigned.url, presigned.headers, bytes)).status).toBe(200);
      const completed = await (await as(user)).post(`/api/uploads/${presigned.upload_id}/complete`);
      expect(completed.status).toBe(200);

      const again = await put(presigned.url, presigned.headers, bytes);
      if (name === 'local disk') {
        // The API plays the object store: it refuses outright.
        expect(again.status).toBe(409);
        expect(((await again.json()) as { error: { code: string } }).error.code).toBe('upload_url_used');
        expect(await incomingKeys()).toEqual([]);
      }
      // S3 accepts the PUT while the URL is valid; the sweeper removes what it left once the URL has expired.
      const afterExpiry = new Date(Date.parse(presigned.expires_at) + 60 * 60_000);
      await t.app.get(UploadSweeper).sweepExpired(afterExpiry);
      expect(await incomingKeys()).toEqual([]);
      const row = await t.prisma.upload.findUniqueOrThrow({ where: { id: presigned.upload_id } });
      expect(await storage.keys()).toEqual([row.key]);
      expect(row.status).toBe('completed');
    });
  });

  describe('the per-user storage quota', () => {
    it('refuses a multipart upload that would go over it with 413 storage_quota_exceeded, storing nothing', async () => {
      const user = await buildUser(t.prisma);
      expect((await postFiles(t, user, [{ name: 'a.png', bytes: pngBytes(2_000) }])).status).toBe(201);
      const over = await postFiles(t, user, [{ name: 'b.png', bytes: pngBytes(1_500) }]);
      expect(over.status).toBe(413);
      expect(over.body.error).toMatchObject({
        code: 'storage_quota_exceeded',
        details: { quota_bytes: QUOTA, used_bytes: 2_000 },
      });
      expect(await t.prisma.upload.count({ where: { ownerId: user.id } })).toBe(1);
      expect(await storage.keys()).toHaveLength(1);
      // Exactly up to the quota is fine.
      expect((await postFiles(t, user, [{ name: 'c.png', bytes: pngBytes(1_000) }])).status).toBe(201);
    });

    it('counts presigned uploads from the moment they are presigned, and frees the space of deleted ones', async () => {
      const user = await buildUser(t.prisma);
      const stored = await postFiles(t, user, [{ name: 'a.png', bytes: pngBytes(2_000) }]);
      expect((await presign(user, 1_500)).status).toBe(413);
      expect((await presign(user, 900)).status).toBe(201);
      const over = await presign(user, 200);
      expect(over.status).toBe(413);
      expect(over.body.error.code).toBe('storage_quota_exceeded');
      // Another user has a quota of their own.
      expect((await presign(await buildUser(t.prisma), 2_500)).status).toBe(201);

      expect((await (await as(user)).delete(`/api/uploads/${stored.body.data[0].id}`)).status).toBe(204);
      expect((await presign(user, 2_000)).status).toBe(201);
    });

    it('a presigned upload that expired unused no longer counts', async () => {
      const user = await buildUser(t.prisma);
      const presigned = (await presign(user, 2_500)).body;
      expect((await presign(user, 1_000)).status).toBe(413);
      await t.prisma.upload.update({
        where: { id: presigned.upload_id },
        data: { expiresAt: new Date(Date.now() - 60 * 60_000) },
      });
      expect((await presign(user, 1_000)).status).toBe(201);
    });

    it('concurrent presigns cannot overshoot it: 10 × 1000 bytes against 3000 → exactly 3 pass', async () => {
      const user = await buildUser(t.prisma);
      const answers = await Promise.all(Array.from({ length: 10 }, () => presign(user, 1_000)));
      expect(answers.filter((answer) => answer.status === 201)).toHaveLength(3);
      expect(answers.filter((answer) => answer.status === 413)).toHaveLength(7);
    });

    it('concurrent multipart uploads cannot overshoot it: 6 × 1000 bytes against 3000 → at most 3 stored', async () => {
      const user = await buildUser(t.prisma);
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          postFiles(t, user, [{ name: `${i}.png`, bytes: pngBytes(1_000) }]),
        ),
      );
      const stored = answers.filter((answer) => answer.status === 201).length;
      expect(stored).toBeGreaterThanOrEqual(1);
      expect(stored).toBeLessThanOrEqual(3);
      expect(answers.every((answer) => answer.status === 201 || answer.status === 413)).toBe(true);
      const used = await t.prisma.upload.aggregate({ where: { ownerId: user.id }, _sum: { size: true } });
      expect(used._sum.size).toBeLessThanOrEqual(QUOTA);
      expect(await storage.keys()).toHaveLength(stored);
    });
  });
});

import type { User } from '../../src/generated/prisma/client.js';
import { buildUser } from '../support/factories.js';
import { s3rverBackend, type StorageBackend } from '../support/storage.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { pngBytes, postFiles } from './upload-fixtures.js';

// The object store goes away (the S3 server stops): uploads answer 503 storage_unavailable and leave nothing.
describe('Uploads while the storage is down', () => {
  let storage: StorageBackend;
  let t: TestApp;
  let alice: User;

  beforeAll(async () => {
    storage = await s3rverBackend();
    t = await startTestApp({ env: storage.env });
    alice = await buildUser(t.prisma);
  });
  afterAll(() => t.close());

  it('answers 503 storage_unavailable and records no upload', async () => {
    const before = await postFiles(t, alice, [{ name: 'up.png', bytes: pngBytes(), type: 'image/png' }]);
    expect(before.status).toBe(201);
    await storage.close();

    const during = await postFiles(t, alice, [{ name: 'down.png', bytes: pngBytes(), type: 'image/png' }]);
    expect(during.status).toBe(503);
    expect(during.body.error.code).toBe('storage_unavailable');
    expect(await t.prisma.upload.count({ where: { ownerId: alice.id } })).toBe(1);
  });
});

import { jest } from '@jest/globals';
import type { User } from '../../src/generated/prisma/client.js';
import { UploadSweeper } from '../../src/uploads/upload-sweeper.js';
import { authHeadersFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { localDiskBackend, type StorageBackend } from '../support/storage.js';
import { pngBytes } from './upload-fixtures.js';

const MINUTE = 60_000;

// The README: unfinished direct uploads are swept after `expires_at` plus 5 minutes, every
// UPLOAD_SWEEP_INTERVAL_SECONDS. Here the app's own timer does the sweeping (no direct call to the sweeper);
// rows are backdated instead of waiting out the grace.
describe('The upload sweep timer (UPLOAD_SWEEP_INTERVAL_SECONDS, 5-minute grace)', () => {
  let storage: StorageBackend;
  let t: TestApp;
  let alice: User;

  beforeAll(async () => {
    storage = await localDiskBackend();
    t = await startTestApp({ env: { ...storage.env, UPLOAD_SWEEP_INTERVAL_SECONDS: '1' } });
    alice = await buildUser(t.prisma);
  });
  afterAll(async () => {
    await t?.close();
    await storage?.close();
  });

  /** presign → PUT the bytes to the URL, never completed. */
  async function abandonedUpload(filename: string): Promise<string> {
    const client = t.http.as(await authHeadersFor(t, alice));
    const bytes = pngBytes(500);
    const presigned = await client.post('/api/uploads/presign', {
      filename,
      content_type: 'image/png',
      size: bytes.length,
    });
    expect(presigned.status).toBe(201);
    const put = await fetch(storage.reachable(t, presigned.body.url), {
      method: 'PUT',
      headers: presigned.body.headers,
      body: new Uint8Array(bytes),
    });
    expect(put.status).toBe(200);
    return presigned.body.upload_id;
  }

  /**
   * Watches timer-driven sweeps from now on. `settled` resolves once a sweep the spy saw has finished: the timer
   * starts a sweep only when none is running, so every sweep from then on goes through the spy, and none that
   * started unwatched (and could remove a row without being counted) is still running. `removed` resolves once the
   * first sweep that starts after `arm()` has finished, with how many uploads the sweeps since `settled` removed.
   */
  function watchTimerSweeps(): { settled: Promise<void>; arm(): void; removed: Promise<number> } {
    const sweeper = t.app.get(UploadSweeper);
    const sweep = sweeper.sweepExpired.bind(sweeper);
    let runs: Promise<number>[] | undefined;
    let armed = false;
    let markSettled!: () => void;
    let settle!: (total: Promise<number>) => void;
    const settled = new Promise<void>((resolve) => (markSettled = resolve));
    const removed = new Promise<number>((resolve) => (settle = resolve));
    const total = async () => (await Promise.all(runs ?? [])).reduce((sum, count) => sum + count, 0);
    jest.spyOn(sweeper, 'sweepExpired').mockImplementation((now?: Date) => {
      const run = sweep(now);
      if (!runs) {
        void run
          .catch(() => 0)
          .then(() => {
            runs = [];
            markSettled();
          });
        return run;
      }
      runs.push(run);
      if (armed) settle(run.then(total));
      return run;
    });
    return { settled, arm: () => (armed = true), removed };
  }

  it('removes an upload abandoned longer than the grace and keeps one still within it', async () => {
    const oldId = await abandonedUpload('old.png');
    const youngId = await abandonedUpload('young.png');
    const [oldRow, youngRow] = await Promise.all(
      [oldId, youngId].map((id) => t.prisma.upload.findUniqueOrThrow({ where: { id } })),
    );
    expect((await storage.keys()).sort()).toEqual([oldRow.key, youngRow.key].sort());
    const timer = watchTimerSweeps();
    await timer.settled;

    // URL expired 3 minutes ago (inside the 5-minute grace) and 7 minutes ago (past it).
    await t.prisma.upload.update({
      where: { id: youngId },
      data: { expiresAt: new Date(Date.now() - 3 * MINUTE) },
    });
    await t.prisma.upload.update({
      where: { id: oldId },
      data: { expiresAt: new Date(Date.now() - 7 * MINUTE) },
    });
    timer.arm();

    expect(await timer.removed).toBe(1);
    expect(await t.prisma.upload.findUnique({ where: { id: oldId } })).toBeNull();
    expect((await t.prisma.upload.findUniqueOrThrow({ where: { id: youngId } })).status).toBe('pending');
    expect(await storage.keys()).toEqual([youngRow.key]);

    // Kept means still usable: within the grace the upload can be completed.
    const completed = await t.http
      .as(await authHeadersFor(t, alice))
      .post(`/api/uploads/${youngId}/complete`);
    expect(completed.status).toBe(200);
    expect(completed.body.data.id).toBe(youngId);
  });
});

import { Writable } from 'node:stream';
import pg from 'pg';
import { startTestApp, type TestApp } from '../support/test-app.js';

// PostgreSQL ends idle connections on a restart, a failover or an administrator's pg_terminate_backend. The pool
// must drop them and open new ones: unheard, the 'error' of an idle connection ends the whole process. The hottest
// reads go straight to the pool, so a process may lose connections before Prisma has ever used it.

const LOST_LINE = 'idle database connection lost';

describe('Idle database connections ended by the server', () => {
  let t: TestApp;
  let admin: pg.Client;
  let postId: number;
  let lostLines = 0;
  let onLost: (() => void) | undefined;

  beforeAll(async () => {
    t = await startTestApp({
      env: { LOG_LEVEL: 'warn' },
      logDestination: new Writable({
        write(chunk: Buffer, _encoding, done) {
          if (chunk.toString('utf8').includes(LOST_LINE)) {
            lostLines += 1;
            onLost?.();
          }
          done();
        },
      }),
    });
    // Set up outside the app's pool, so that only the request below has used it.
    admin = new pg.Client({ connectionString: t.database.url });
    await admin.connect();
    const { rows } = await admin.query<{ id: number }>(
      `WITH author AS (INSERT INTO users (email, password_hash, updated_at) VALUES ('idle@example.com', 'x', now()) RETURNING id)
       INSERT INTO posts (author_id, title, body, updated_at) SELECT id, 'Still here', 'Body.', now() FROM author
       RETURNING id`,
    );
    postId = rows[0].id;
  });
  afterAll(async () => {
    await admin?.end();
    await t?.close();
  });

  it('drops them, logs a warning, and answers the next request from a new connection', async () => {
    expect((await t.http.get(`/api/v2/posts/${postId}`)).status).toBe(200);
    const lost = new Promise<void>((resolve) => (onLost = resolve));

    const { rows } = await admin.query<{ ended: number }>(
      `WITH others AS MATERIALIZED (
         SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
       )
       SELECT count(*)::int AS ended FROM others WHERE pg_terminate_backend(pid, 5000)`,
    );
    expect(rows[0].ended).toBeGreaterThanOrEqual(1);
    await lost;
    expect(lostLines).toBeGreaterThanOrEqual(1);

    const again = await t.http.get(`/api/v2/posts/${postId}`);
    expect(again.status).toBe(200);
    expect(again.body.data.attributes.title).toBe('Still here');
  });
});

import pg from 'pg';
import { startTestApp } from '../../support/test-app.js';

// Every test file gets its own database and leaves nothing behind: also when its app fails to start.

async function databasesOfThisProcess(): Promise<string[]> {
  const client = new pg.Client({ connectionString: process.env.HEARTH_TEST_ADMIN_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`hearth_test_${process.pid}_%`],
    );
    return rows.map((row) => row.datname);
  } finally {
    await client.end();
  }
}

describe('a test app that fails to start', () => {
  it('drops the database it created for itself', async () => {
    const before = await databasesOfThisProcess();

    await expect(startTestApp({ env: { RATE_LIMIT_ANONYMOUS: 'not a number' } })).rejects.toThrow(
      /RATE_LIMIT_ANONYMOUS/,
    );

    expect(await databasesOfThisProcess()).toEqual(before);
  });
});

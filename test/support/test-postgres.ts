import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/infra/database/embedded-postgres.js';

// The PostgreSQL server tests run against: the one named by DATABASE_URL, or an embedded one started for the run.

export interface TestPostgresServer {
  adminUrl: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function startTestPostgres(): Promise<TestPostgresServer> {
  const external = process.env.DATABASE_URL;
  if (external) return { adminUrl: withDatabase(external, 'postgres'), stop: async () => undefined };
  const dataRoot = await mkdtemp(path.join(os.tmpdir(), 'hearth-test-pg-'));
  await chmod(dataRoot, 0o755); // as root, PostgreSQL runs as the postgres user and must reach its data dir
  const server = await startEmbeddedPostgres({
    dataDir: path.join(dataRoot, 'data'),
    port: await freePort(),
  });
  return {
    adminUrl: server.adminUrl,
    stop: async () => {
      await server.stop();
      await rm(dataRoot, { recursive: true, force: true });
    },
  };
}

export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

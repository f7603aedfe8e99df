import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import {
  type EmbeddedDatabaseServer,
  startEmbeddedPostgres,
} from '../../../src/infra/database/embedded-postgres.js';
import { deployMigrations } from '../../../src/infra/database/migrations/migrator.js';
import { freePort } from '../../support/server-process.js';

/**
 * A PostgreSQL server of the test's own (never the shared one), started the way Hearth starts its embedded
 * database, that the test can stop (fast shutdown: SIGINT) and start again on the same port and data.
 */
export class DedicatedPostgres {
  private server?: EmbeddedDatabaseServer;

  private constructor(
    private readonly dataRoot: string,
    readonly port: number,
  ) {}

  static async start(): Promise<DedicatedPostgres> {
    const root = path.resolve('.data', 'faults');
    await mkdir(root, { recursive: true });
    const dataRoot = await mkdtemp(path.join(root, 'pg-'));
    // As root, PostgreSQL runs as the postgres user and must reach its data directory.
    await chmod(dataRoot, 0o755);
    const postgres = new DedicatedPostgres(dataRoot, await freePort());
    await postgres.resume();
    return postgres;
  }

  /** A database with every migration applied by Hearth's own migrator. */
  async createMigratedDatabase(name: string): Promise<string> {
    await this.running.ensureDatabase(name);
    const url = this.running.urlFor(name);
    await deployMigrations(url);
    return url;
  }

  /** Fast shutdown: PostgreSQL aborts open transactions and closes every connection. */
  async stop(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
  }

  async resume(): Promise<void> {
    this.server = await startEmbeddedPostgres({ dataDir: path.join(this.dataRoot, 'data'), port: this.port });
  }

  async destroy(): Promise<void> {
    await this.stop();
    await rm(this.dataRoot, { recursive: true, force: true });
  }

  private get running(): EmbeddedDatabaseServer {
    if (!this.server) throw new Error('the dedicated PostgreSQL is stopped');
    return this.server;
  }
}

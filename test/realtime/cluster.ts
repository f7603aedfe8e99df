import type { Socket } from 'socket.io-client';
import type { User } from '../../src/generated/prisma/client.js';
import { accessTokenFor } from '../support/auth.js';
import { connectSocket } from '../support/sockets.js';
import { startTestApp, type TestApp, type TestAppOptions } from '../support/test-app.js';

/**
 * The realtime contract must hold on one instance (in-process adapters) and across two instances sharing Redis.
 * Tests connect their n-th client to instance n % size, so with two instances every broadcast crosses Redis.
 */
export const clusterModes: [string, { size: number; env: Record<string, string> }][] = [
  ['one instance, no Redis', { size: 1, env: { REDIS_URL: '' } }],
  ...(process.env.REDIS_URL
    ? ([['two instances sharing Redis', { size: 2, env: {} }]] as [
        string,
        { size: number; env: Record<string, string> },
      ][])
    : []),
];

export class Cluster {
  private readonly sockets: Socket[] = [];
  private connections = 0;

  private constructor(readonly apps: TestApp[]) {}

  static async start(size: number, options: TestAppOptions = {}): Promise<Cluster> {
    const first = await startTestApp(options);
    const apps = [first];
    for (let i = 1; i < size; i += 1) {
      apps.push(
        await startTestApp({
          ...options,
          database: first.database,
          env: { ...options.env, REDIS_KEY_PREFIX: first.config.redis.keyPrefix },
        }),
      );
    }
    return new Cluster(apps);
  }

  get primary(): TestApp {
    return this.apps[0];
  }

  /** Connects `user`, alternating between instances. */
  async connect(user: Pick<User, 'id'>, instance = this.connections++ % this.apps.length): Promise<Socket> {
    return this.connectWith(await accessTokenFor(this.apps[instance], user), instance);
  }

  /** Connects with a given token (e.g. a session's socket token), alternating between instances. */
  async connectWith(token: string, instance = this.connections++ % this.apps.length): Promise<Socket> {
    const socket = await connectSocket(this.apps[instance].baseUrl, token);
    this.sockets.push(socket);
    return socket;
  }

  disconnectAll(): void {
    this.sockets.splice(0).forEach((socket) => socket.close());
    this.connections = 0;
  }

  async close(): Promise<void> {
    this.disconnectAll();
    for (const app of this.apps.slice(1).reverse()) await app.close();
    await this.primary.close();
  }
}

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { exitOf, freePort } from '../../support/server-process.js';

/** `redis-server` as found on PATH, or an error that names the missing binary. */
function redisServerBinary(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      'redis-server was not found on PATH: the Redis fault tests start a server of their own. Install Redis ' +
        '(e.g. apt-get install redis-server) or put its directory on PATH.',
    );
  }
}

/** A redis-server of the test's own on a free port, without persistence, that the test can stop and start. */
export class DedicatedRedis {
  private process?: ChildProcess;

  private constructor(readonly port: number) {}

  static async start(): Promise<DedicatedRedis> {
    const redis = new DedicatedRedis(await freePort());
    await redis.resume();
    return redis;
  }

  get running(): boolean {
    return this.process !== undefined;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async resume(): Promise<void> {
    const child = spawn(
      redisServerBinary(),
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    this.process = child;
    let output = '';
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
    });
    await ready;
  }

  /** The whole server goes away, as an outage or a crash would take it. */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = exitOf(child);
    child.kill('SIGKILL');
    await exited;
    child.stdout?.destroy();
  }

  async destroy(): Promise<void> {
    await this.stop();
  }
}

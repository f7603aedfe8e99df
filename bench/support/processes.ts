import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

// Every process the benchmark starts is registered here and stopped on the way out, also on failure or Ctrl-C.

const OUTPUT_LINES_KEPT = 40;

export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** The last lines it printed, for error messages. */
  recentOutput(): string;
}

export class ProcessRegistry {
  private readonly running = new Set<ManagedProcess>();

  start(
    name: string,
    command: string,
    args: string[],
    options: { env?: NodeJS.ProcessEnv; echo?: boolean; logFile?: string } = {},
  ): ManagedProcess {
    if (options.logFile) return this.startLoggingToFile(name, command, args, options.logFile, options.env);
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        lines.push(line);
        if (lines.length > OUTPUT_LINES_KEPT) lines.shift();
        if (options.echo) console.error(`[${name}] ${line}`);
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const exited = new Promise<number | null>((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.once('error', (error) => {
        lines.push(String(error));
        resolve(-1);
      });
    });
    return this.track({ name, child, exited, recentOutput: () => lines.join('\n') });
  }

  /**
   * Output straight to a file, as a deployment's log shipper would take it: a pipe read by this (busy) process
   * would block a server that logs every request whenever the reader falls behind.
   */
  private startLoggingToFile(
    name: string,
    command: string,
    args: string[],
    logFile: string,
    env: NodeJS.ProcessEnv = process.env,
  ): ManagedProcess {
    mkdirSync(path.dirname(logFile), { recursive: true });
    const fd = openSync(logFile, 'a');
    const child = spawn(command, args, { env, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    const exited = new Promise<number | null>((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.once('error', () => resolve(-1));
    });
    const recentOutput = () => {
      const lines = readFileSync(logFile, 'utf8').split('\n').filter(Boolean);
      return [`(from ${logFile})`, ...lines.slice(-OUTPUT_LINES_KEPT)].join('\n');
    };
    return this.track({ name, child, exited, recentOutput });
  }

  private track(managed: ManagedProcess): ManagedProcess {
    this.running.add(managed);
    void managed.exited.then(() => this.running.delete(managed));
    return managed;
  }

  /** Runs a command to completion (e.g. the build); throws with its output when it fails. */
  async run(name: string, command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<void> {
    const managed = this.start(name, command, args, { env });
    const code = await managed.exited;
    if (code !== 0) throw new Error(`${name} failed (exit ${code}):\n${managed.recentOutput()}`);
  }

  /** SIGTERM (graceful: Hearth drains and stops its embedded PostgreSQL), then SIGKILL after `graceMs`. */
  async stop(managed: ManagedProcess, graceMs = 15_000): Promise<void> {
    if (managed.child.exitCode !== null || managed.child.signalCode !== null) return;
    managed.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const killed = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        managed.child.kill('SIGKILL');
        resolve();
      }, graceMs);
    });
    await Promise.race([managed.exited, killed]);
    clearTimeout(timer);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running].map((managed) => this.stop(managed)));
  }

  /** Last resort for a synchronous `exit`: nothing can be awaited there. */
  signalAll(): void {
    for (const managed of this.running) managed.child.kill('SIGTERM');
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers 200; fails early when the process exits, or after `timeoutMs`. */
export async function waitUntilReady(url: string, managed: ManagedProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void managed.exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(
        `${managed.name} exited (code ${exitCode}) before it was ready:\n${managed.recentOutput()}`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `${managed.name} was not ready at ${url} within ${timeoutMs} ms:\n${managed.recentOutput()}`,
  );
}

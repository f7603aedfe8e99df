// Jest's node environment, plus a line per test file (with JEST_HANDLE_REPORT=<file>) naming the referenced handles
// its worker process still has once the file has ended: their types, and for TCP sockets both ends. A handle that
// shows under every later file of the same worker (the pid) is a leak, whether or not it keeps the process alive (an
// idle socket does not, a timer does). --detectOpenHandles misses handles that Node's own modules create on a test's
// behalf, such as a server's accepted sockets; this does not.
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { TestEnvironment } from 'jest-environment-node';

export default class HandleReportEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.testFile = path.relative(process.cwd(), context.testPath);
  }

  async teardown() {
    await super.teardown();
    await nextTurn();
    const counts = {};
    for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
    const sockets = process
      ._getActiveHandles()
      .filter((handle) => handle?.remotePort !== undefined)
      .map(
        (socket) =>
          `${socket.localAddress}:${socket.localPort} -> ${socket.remoteAddress}:${socket.remotePort}`,
      );
    const line = [process.pid, this.testFile, JSON.stringify(counts), ...sockets].join(' ');
    appendFileSync(process.env.JEST_HANDLE_REPORT, `${line}\n`);
  }
}

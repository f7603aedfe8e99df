import { spawnSync } from 'node:child_process';

// Logs on stdout are written once per event-loop turn (src/common/logging/stdout-lines.ts). A line must never be
// lost for that: not when a burst outgrows one write, not when the process exits in the same turn.

interface Run {
  status: number | null;
  messages: string[];
}

function runLogging(body: string): Run {
  const script = `import { createRootLogger } from './src/common/logging/logger.ts';
const logger = createRootLogger('info');
${body}`;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const messages = result.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { msg: string }).msg);
  return { status: result.status, messages };
}

const numbered = (count: number) => Array.from({ length: count }, (_, index) => `line ${index}`);

describe('log lines on stdout', () => {
  it('are all written, in order, when the process exits in the turn that logged them', () => {
    // 3,000 lines (~250 KiB) in one turn: several writes, the last of them at exit.
    const run = runLogging(`for (let i = 0; i < 3000; i++) logger.info('line ' + i);
process.exit(2);`);

    expect(run.status).toBe(2);
    expect(run.messages).toEqual(numbered(3000));
  });

  it('are all written, in order, when they are logged across turns', () => {
    const run = runLogging(`let i = 0;
const next = () => { logger.info('line ' + i); if (++i < 50) setImmediate(next); else setTimeout(() => process.exit(0), 1); };
next();`);

    expect(run.status).toBe(0);
    expect(run.messages).toEqual(numbered(50));
  });

  it('are written when the process ends on its own, with nothing left to run', () => {
    const run = runLogging(`logger.info('line 0'); logger.warn('line 1');`);

    expect(run.status).toBe(0);
    expect(run.messages).toEqual(numbered(2));
  });
});

import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { productionEnv } from '../../../test/support/production-env.js';
import { loadConfig } from '../../config/app-config.js';
import { LogMailer } from './log.mailer.js';

const message = {
  to: 'ada@example.test',
  subject: 'Reset your Hearth password',
  text: 'secret body https://hearth.test/reset-password?token=s3cret',
  link: 'https://hearth.test/reset-password?token=s3cret',
};

function loggedText(...spies: { mock: { calls: unknown[][] } }[]): string {
  return spies.flatMap((spy) => spy.mock.calls.map((call) => String(call[0]))).join('\n');
}

describe('LogMailer', () => {
  let outbox: string;
  beforeEach(async () => {
    outbox = await mkdtemp(path.join(os.tmpdir(), 'hearth-outbox-'));
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await rm(outbox, { recursive: true, force: true });
  });

  it('in development, writes the email to the outbox so a developer can follow the link, and logs only the file', async () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    await new LogMailer(loadConfig({ NODE_ENV: 'development', MAIL_OUTBOX_DIR: outbox })).send(message);
    const [file] = await readdir(outbox);
    expect(await readFile(path.join(outbox, file), 'utf8')).toContain(message.link);
    const logged = loggedText(log);
    expect(logged).toContain(path.join(outbox, file));
    expect(logged).not.toContain('s3cret');
  });

  it.each([
    ['in production', productionEnv()],
    ['in tests', { NODE_ENV: 'test' }],
  ])('%s, neither logs the link nor writes it anywhere', async (_case, env) => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    await new LogMailer(loadConfig({ ...env, MAIL_OUTBOX_DIR: outbox })).send(message);
    expect(loggedText(log, warn)).not.toContain('s3cret');
    expect(warn).toHaveBeenCalled();
    expect(await readdir(outbox)).toEqual([]);
  });
});

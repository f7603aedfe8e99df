import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { loadConfig } from '../../config/app-config.js';
import { productionEnv } from '../../../test/support/production-env.js';
import { LogMailer } from './log.mailer.js';

const message = {
  to: 'ada@example.test',
  subject: 'Reset your Hearth password',
  text: 'secret body https://hearth.test/reset-password?token=s3cret',
  link: 'https://hearth.test/reset-password?token=s3cret',
};

describe('LogMailer', () => {
  afterEach(() => jest.restoreAllMocks());

  it('logs the link outside production so a developer can follow it, but never the body', async () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    await new LogMailer(loadConfig({})).send(message);
    const logged = log.mock.calls.map((call) => String(call[0])).join('\n');
    expect(logged).toContain(message.link);
    expect(logged).not.toContain('secret body');
  });

  it('never logs the link in production', async () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    await new LogMailer(loadConfig(productionEnv())).send(message);
    const logged = [...log.mock.calls, ...warn.mock.calls].map((call) => String(call[0])).join('\n');
    expect(logged).not.toContain('s3cret');
    expect(warn).toHaveBeenCalled();
  });
});

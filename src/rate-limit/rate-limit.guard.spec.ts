import { jest } from '@jest/globals';
import { type ExecutionContext, Logger } from '@nestjs/common';
import { CurrentUserResolver } from '../auth/current-user.resolver.js';
import { type AppConfig, loadConfig } from '../config/app-config.js';
import { Metrics } from '../infra/metrics/metrics.js';
import { RateLimitGuard } from './rate-limit.guard.js';
import type { RateLimitStore } from './rate-limit-store.js';
import { WindowThrottlerStorage } from './window-throttler.storage.js';

const unreachable: RateLimitStore = { hit: async () => Promise.reject(new Error('connect ECONNREFUSED')) };

function anonymousRequest(): ExecutionContext {
  const request = { url: '/api/v1/posts', ip: '203.0.113.7', headers: {} };
  const reply = { header: jest.fn() };
  return {
    getType: () => 'http',
    getHandler: () => anonymousRequest,
    getClass: () => RateLimitGuard,
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
  } as unknown as ExecutionContext;
}

describe('RateLimitGuard when the counters are unreachable', () => {
  let guard: RateLimitGuard;
  let warn: ReturnType<typeof jest.spyOn>;

  beforeEach(async () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const config: AppConfig = loadConfig({ NODE_ENV: 'test' });
    guard = new RateLimitGuard(
      { throttlers: [{ ttl: 60_000, limit: 10 }] },
      new WindowThrottlerStorage(unreachable),
      new CurrentUserResolver(),
      config,
      new Metrics(false),
    );
    await guard.onModuleInit();
  });

  afterEach(() => {
    warn.mockRestore();
    jest.useRealTimers();
  });

  it('lets every request through and warns at most once every 10 seconds', async () => {
    for (let i = 0; i < 5; i++) await expect(guard.canActivate(anonymousRequest())).resolves.toBe(true);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toContain('not rate limited');

    jest.advanceTimersByTime(9_000);
    await guard.canActivate(anonymousRequest());
    expect(warn).toHaveBeenCalledTimes(1);

    jest.advanceTimersByTime(1_000);
    await guard.canActivate(anonymousRequest());
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('sends no rate-limit headers while nothing is counted', async () => {
    const context = anonymousRequest();
    await guard.canActivate(context);
    expect(context.switchToHttp().getResponse<{ header: jest.Mock }>().header).not.toHaveBeenCalled();
  });
});

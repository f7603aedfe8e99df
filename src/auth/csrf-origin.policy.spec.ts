import type { FastifyRequest } from 'fastify';
import { loadConfig } from '../config/app-config.js';
import { CsrfOriginPolicy } from './csrf-origin.policy.js';

const request = (method: string, headers: Record<string, string> = {}) =>
  ({ method, headers }) as FastifyRequest;

describe('CsrfOriginPolicy', () => {
  const policy = new CsrfOriginPolicy(
    loadConfig({ PUBLIC_URL: 'https://hearth.example/app', CSRF_ALLOWED_ORIGINS: '' }),
  );

  it('lets safe methods through whatever their origin', () => {
    expect(() =>
      policy.assertCookieRequestAllowed(request('GET', { origin: 'https://evil.example' })),
    ).not.toThrow();
  });

  it('accepts the PUBLIC_URL origin by Origin or Referer', () => {
    expect(() =>
      policy.assertCookieRequestAllowed(request('POST', { origin: 'https://hearth.example' })),
    ).not.toThrow();
    expect(() =>
      policy.assertCookieRequestAllowed(request('DELETE', { referer: 'https://hearth.example/app/page' })),
    ).not.toThrow();
  });

  it.each([
    ['another origin', { origin: 'https://evil.example' }],
    ['a look-alike origin', { origin: 'https://hearth.example.evil.example' }],
    ['another port', { origin: 'https://hearth.example:8443' }],
    ['an opaque origin', { origin: 'null' }],
    ['a malformed referer', { referer: 'not a url' }],
    ['no origin at all', {}],
  ])('refuses %s with 403 csrf_failed', (_name, headers) => {
    expect(() => policy.assertCookieRequestAllowed(request('PATCH', headers))).toThrow(
      expect.objectContaining({ status: 403, code: 'csrf_failed' }),
    );
  });

  it('uses CSRF_ALLOWED_ORIGINS instead of PUBLIC_URL when set', () => {
    const custom = new CsrfOriginPolicy(
      loadConfig({ CSRF_ALLOWED_ORIGINS: 'https://a.example, https://b.example/' }),
    );
    expect(() =>
      custom.assertCookieRequestAllowed(request('POST', { origin: 'https://b.example' })),
    ).not.toThrow();
    expect(() =>
      custom.assertCookieRequestAllowed(request('POST', { origin: 'http://localhost:3000' })),
    ).toThrow();
  });

  it('lets a login without any Origin through but refuses one from another origin', () => {
    expect(() => policy.assertOriginAllowedIfPresent(request('POST'))).not.toThrow();
    expect(() =>
      policy.assertOriginAllowedIfPresent(request('POST', { origin: 'https://evil.example' })),
    ).toThrow();
  });

  describe('same origin', () => {
    const sentTo = (method: string, headers: Record<string, string>, host = '127.0.0.1:3000') =>
      ({ method, headers, protocol: 'http', host }) as unknown as FastifyRequest;

    it('accepts the origin the request was sent to, by scheme, host and port', () => {
      expect(() =>
        policy.assertCookieRequestAllowed(sentTo('POST', { origin: 'http://127.0.0.1:3000' })),
      ).not.toThrow();
      expect(() =>
        policy.assertCookieRequestAllowed(sentTo('POST', { origin: 'http://127.0.0.1:3001' })),
      ).toThrow(expect.objectContaining({ code: 'csrf_failed' }));
    });

    it('never takes an opaque origin for its own, even with a malformed Host', () => {
      expect(() => policy.assertCookieRequestAllowed(sentTo('POST', { origin: 'null' }, 'bad host'))).toThrow(
        expect.objectContaining({ code: 'csrf_failed' }),
      );
    });

    it('refuses Sec-Fetch-Site: cross-site without Origin, on writes and on login', () => {
      const forged = sentTo('POST', { 'sec-fetch-site': 'cross-site', referer: 'https://hearth.example/' });
      expect(() => policy.assertCookieRequestAllowed(forged)).toThrow(
        expect.objectContaining({ code: 'csrf_failed' }),
      );
      expect(() => policy.assertOriginAllowedIfPresent(forged)).toThrow(
        expect.objectContaining({ code: 'csrf_failed' }),
      );
      expect(() => policy.assertOriginAllowedIfPresent(sentTo('POST', {}))).not.toThrow();
    });
  });
});

import { helmetHeaders } from './security-headers.js';

describe('helmetHeaders', () => {
  it("are helmet's headers for the options, CSP directives included", () => {
    const headers = helmetHeaders({
      contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'] } },
      hsts: false,
    });

    expect(headers['content-security-policy']).toMatch(/^default-src 'self';.*img-src 'self' data:/);
    expect(headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
    });
    expect(headers['strict-transport-security']).toBeUndefined();
    expect(helmetHeaders({ hsts: true })['strict-transport-security']).toMatch(/max-age=\d+/);
  });

  it('refuses options helmet refuses, at start', () => {
    expect(() =>
      helmetHeaders({ contentSecurityPolicy: { directives: { defaultSrc: 'self' as never } } }),
    ).toThrow();
  });
});

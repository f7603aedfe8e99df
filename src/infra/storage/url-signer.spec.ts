import { UrlSigner } from './url-signer.js';

describe('UrlSigner', () => {
  const signer = new UrlSigner('a-secret-that-is-long-enough-for-tests');
  const now = new Date('2030-01-01T00:00:00Z');
  const grant = {
    method: 'PUT' as const,
    key: 'uploads/1/a.png',
    expires: now.getTime() / 1000 + 60,
    contentType: 'image/png',
    size: 10,
  };

  it('accepts its own signature until the grant expires', () => {
    const signature = signer.sign(grant);
    expect(signer.verify(grant, signature, now)).toBe('valid');
    expect(signer.verify(grant, signature, new Date(now.getTime() + 61_000))).toBe('expired');
  });

  it('refuses a signature once any part of the grant changes', () => {
    const signature = signer.sign(grant);
    expect(signer.verify({ ...grant, key: 'uploads/2/a.png' }, signature, now)).toBe('invalid');
    expect(signer.verify({ ...grant, size: 11 }, signature, now)).toBe('invalid');
    expect(signer.verify({ ...grant, contentType: 'text/html' }, signature, now)).toBe('invalid');
    expect(signer.verify({ ...grant, method: 'GET' }, signature, now)).toBe('invalid');
    expect(signer.verify({ ...grant, expires: grant.expires + 3600 }, signature, now)).toBe('invalid');
  });

  it('refuses missing, malformed and foreign signatures', () => {
    expect(signer.verify(grant, undefined, now)).toBe('invalid');
    expect(signer.verify(grant, 'short', now)).toBe('invalid');
    expect(signer.verify(grant, new UrlSigner('another-secret-of-enough-length!!').sign(grant), now)).toBe(
      'invalid',
    );
  });
});

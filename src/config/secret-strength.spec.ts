import { randomBytes } from 'node:crypto';
import { estimatedEntropyBits, MIN_SECRET_ENTROPY_BITS, weakSecretIssue } from './secret-strength.js';

describe('estimatedEntropyBits', () => {
  it.each([
    ['one character repeated', 'a'.repeat(32)],
    ['a long run of one character', 'a'.repeat(200)],
    ['two characters alternating', 'ab'.repeat(16)],
    ['a word repeated', 'password'.repeat(4)],
    ['a phrase repeated', 'changeme-'.repeat(4)],
    ['the alphabet and digits in order', 'abcdefghijklmnopqrstuvwxyz012345'],
    ['a hex counter, twice', '0123456789abcdef'.repeat(2)],
  ])('scores %s below the floor', (_case, secret) => {
    expect(estimatedEntropyBits(secret)).toBeLessThan(MIN_SECRET_ENTROPY_BITS);
    expect(weakSecretIssue('JWT_SECRET', secret)).toMatch(/^JWT_SECRET: too predictable/);
  });

  it('accepts every random key made the documented ways', () => {
    for (let i = 0; i < 200; i++) {
      for (const secret of [
        randomBytes(32).toString('base64'),
        randomBytes(32).toString('base64url'),
        randomBytes(32).toString('hex'),
        randomBytes(24).toString('base64url'),
      ]) {
        expect(weakSecretIssue('JWT_SECRET', secret)).toBeUndefined();
      }
    }
  });

  it('scores a random key near its real entropy', () => {
    expect(estimatedEntropyBits(randomBytes(32).toString('base64url'))).toBeGreaterThan(180);
  });
});

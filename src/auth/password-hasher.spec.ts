import argon2 from 'argon2';
import { loadConfig } from '../config/app-config.js';
import { PasswordHasher } from './password-hasher.js';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher(loadConfig({}));

  it('hashes with argon2id at the OWASP minimum by default and verifies only the right password', async () => {
    const hash = await hasher.hash('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await expect(hasher.verify(hash, 'correct horse battery staple')).resolves.toEqual({
      valid: true,
      needsRehash: false,
    });
    await expect(hasher.verify(hash, 'wrong')).resolves.toEqual({ valid: false, needsRehash: false });
  });

  it('fails (after the same work) when there is no hash at all', async () => {
    await expect(hasher.verify(null, 'anything')).resolves.toEqual({ valid: false, needsRehash: false });
  });

  it('asks for a rehash when a configured cost grows, never when it shrinks', async () => {
    const stronger = new PasswordHasher(loadConfig({ ARGON2_TIME_COST: '3' }));
    const current = await hasher.hash('pw');
    expect(stronger.isWeakerThanConfigured(current)).toBe(true);
    expect(hasher.isWeakerThanConfigured(await stronger.hash('pw'))).toBe(false);
    const argon2i = await argon2.hash('pw', { type: argon2.argon2i, memoryCost: 19_456, timeCost: 2 });
    expect(hasher.isWeakerThanConfigured(argon2i)).toBe(true);
  });

  it('treats a malformed stored hash as not matching', async () => {
    await expect(hasher.verify('not-a-hash', 'pw')).resolves.toEqual({ valid: false, needsRehash: false });
  });
});

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// Keys look like `hk_<12 hex prefix>_<32 char secret>`. The prefix is stored in clear for lookup; the table keeps
// only a SHA-256 of the whole key (the key is 192 random bits, so a fast hash is enough).
const KEY_PATTERN = /^hk_([0-9a-f]{12})_([A-Za-z0-9_-]{32})$/;

export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = randomBytes(6).toString('hex');
  const key = `hk_${prefix}_${randomBytes(24).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** The prefix of a well-formed key, or null. */
export function apiKeyPrefix(key: string): string | null {
  return KEY_PATTERN.exec(key)?.[1] ?? null;
}

export function apiKeyMatches(key: string, storedHash: string): boolean {
  const presented = Buffer.from(hashApiKey(key), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// Session ids, refresh tokens and reset tokens: 256 random bits shown to the client once; the database keeps
// only their SHA-256, so a leaked table cannot be replayed. A fast hash is enough for values this random.

export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Constant-time comparison of two strings of any length. */
export function safeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}

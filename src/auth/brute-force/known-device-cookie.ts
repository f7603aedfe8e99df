// The known-device cookie: proof that this client has signed in to an account before (OWASP's "device cookies").
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthConfig } from '../../config/app-config.js';

export const KNOWN_DEVICE_COOKIE = 'hearth_device';
const MAX_AGE_SECONDS = 365 * 86_400;

/** A short digest of the normalised email: binds a device cookie to one account without naming it. */
export function accountTag(account: string): string {
  return createHash('sha256').update(`hearth device:${account}`).digest('base64url').slice(0, 22);
}

/**
 * The device id in the request's cookie, when the cookie is intact (signed by us) and was issued for `account`;
 * a cookie for another account, or a forged one, makes the client unknown.
 */
export function knownDeviceOf(request: FastifyRequest, account: string): string | undefined {
  const raw = request.cookies?.[KNOWN_DEVICE_COOKIE];
  if (!raw) return undefined;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return undefined;
  const [tag, device] = unsigned.value.split('.');
  return tag === accountTag(account) && device ? device : undefined;
}

/** Marks this client as known for `account` after a successful sign-in (a fresh device id every time). */
export function rememberKnownDevice(reply: FastifyReply, auth: AuthConfig, account: string): void {
  const value = `${accountTag(account)}.${randomBytes(16).toString('base64url')}`;
  reply.setCookie(KNOWN_DEVICE_COOKIE, value, {
    path: '/api/auth',
    httpOnly: true,
    sameSite: 'lax',
    secure: auth.secureCookies,
    maxAge: MAX_AGE_SECONDS,
    signed: true,
  });
}

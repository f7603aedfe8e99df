import { createHash } from 'node:crypto';
import type { HttpResponse } from '../support/http.js';

/** What the database must hold for a session id, refresh token or reset token: its SHA-256, in hex. */
export const sha256Hex = (value: string) => createHash('sha256').update(value).digest('hex');

/** `name=value` of a cookie set by `response`, ready for a `Cookie` header (undefined when not set). */
export function cookieFrom(response: HttpResponse, name: string): string | undefined {
  const header = setCookieFor(response, name);
  return header?.split(';')[0];
}

/** The whole Set-Cookie line for `name` (attributes included). */
export function setCookieFor(response: HttpResponse, name: string): string | undefined {
  const headers = response.headers['set-cookie'] ?? [];
  return headers.find((line) => line.startsWith(`${name}=`));
}

export const STRONG_PASSWORD = 'correct horse battery staple';

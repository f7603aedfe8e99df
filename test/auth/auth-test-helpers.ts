import type { HttpResponse } from '../support/http.js';

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

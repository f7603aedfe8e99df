import { createHash } from 'node:crypto';
import type { HttpResponse } from '../support/http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FakeSmtpServer, type ReceivedMail } from './fake-smtp-server.js';

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

/** The sign-in counters' stores, as `describe.each` rows: in-process always, Redis when the run has one. */
export const COUNTER_STORES: [string, Record<string, string>][] = [
  ['in-process counters', { REDIS_URL: '' }],
  ...(process.env.REDIS_URL ? [['Redis counters', {}] as [string, Record<string, string>]] : []),
];

/** A test app whose mail goes to a fake SMTP server of its own, with `env` on top. */
export async function startAppWithMailbox(
  env: Record<string, string>,
): Promise<{ t: TestApp; smtp: FakeSmtpServer }> {
  const smtp = await new FakeSmtpServer().start();
  const t = await startTestApp({ env: { ...env, ...smtp.env() } });
  return { t, smtp };
}

export async function stopAppWithMailbox(t: TestApp | undefined, smtp: FakeSmtpServer | undefined) {
  await t?.close();
  await smtp?.stop();
}

/** The `token` of the link in `mail`, which must point at `page`. */
export function linkTokenIn(mail: ReceivedMail, page: string): string {
  const url = new URL(/https?:\/\/\S+/.exec(mail.text)![0]);
  expect(`${url.origin}${url.pathname}`).toBe(page);
  return url.searchParams.get('token')!;
}

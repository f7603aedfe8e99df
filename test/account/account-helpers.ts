import { SessionsService } from '../../src/auth/sessions.service.js';
import type { User } from '../../src/generated/prisma/client.js';
import {
  type FakeIdentity,
  type FakeOAuthProvider,
  getWithoutRedirect,
} from '../auth/fake-oauth-provider.js';
import { authHeadersFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import type { HttpClient, HttpResponse } from '../support/http.js';
import type { TestApp } from '../support/test-app.js';

/** `hearth_session=…` for a session the app starts for `user`, as an OAuth callback would start it. */
export async function sessionStartedFor(
  t: TestApp,
  user: Pick<User, 'id'>,
  context: { ipAddress?: string; userAgent?: string } = {},
): Promise<string> {
  const { credentialsChangedAt } = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
  const token = await t.app.get(SessionsService).start({ id: user.id, credentialsChangedAt }, context);
  return `hearth_session=${token}`;
}

/** The id of the session behind a `hearth_session=…` cookie, read from the sessions list. */
export async function sessionIdOf(t: TestApp, cookie: string): Promise<string> {
  const list = await t.http.get('/api/auth/sessions', { headers: { cookie } });
  if (list.status !== 200) throw new Error(`sessions answered ${list.status}: ${list.text}`);
  return (list.body.data as { id: string; current: boolean }[]).find((session) => session.current)!.id;
}

/** Makes every session of the user look as if it signed in `minutes` ago (and was used then). */
export async function ageSessions(t: TestApp, userId: number, minutes: number): Promise<void> {
  const then = new Date(Date.now() - minutes * 60_000);
  await t.prisma.session.updateMany({ where: { userId }, data: { createdAt: then, lastSeenAt: then } });
}

/** An API key acting as `user`, created by an admin through the API. */
export async function apiKeyFor(t: TestApp, user: Pick<User, 'id'>): Promise<string> {
  const admin = await buildUser(t.prisma, { role: 'admin' });
  const created = await t.http.post(
    '/api/admin/api-keys',
    { name: 'automation', user_id: user.id },
    { headers: await authHeadersFor(t, admin) },
  );
  if (created.status !== 201) throw new Error(`api-keys answered ${created.status}: ${created.text}`);
  return created.body.key as string;
}

/** The `name=value` part of a Set-Cookie line of `response`. */
export function cookiePair(response: HttpResponse, name: string): string | undefined {
  const line = (response.headers['set-cookie'] ?? []).find((cookie) => cookie.startsWith(`${name}=`));
  return line?.split(';')[0];
}

export interface LinkRoundTrip {
  start: HttpResponse;
  callback: HttpResponse;
}

/**
 * `GET /api/auth/<provider>?intent=link` from a browser signed in with `sessionCookie`, through the fake provider
 * where `who` is signed in, back to the callback with the state cookie and `callbackCookie` (the same session,
 * unless a test swaps it).
 */
export async function linkThrough(
  http: HttpClient,
  fake: FakeOAuthProvider,
  who: FakeIdentity,
  sessionCookie: string,
  callbackCookie = sessionCookie,
): Promise<LinkRoundTrip> {
  const { start, finish } = await linkUntilCallback(http, fake, who, sessionCookie, callbackCookie);
  return { start, callback: await finish() };
}

/** linkThrough up to the callback, which `finish()` sends (so that a test can send several at once). */
export async function linkUntilCallback(
  http: HttpClient,
  fake: FakeOAuthProvider,
  who: FakeIdentity,
  sessionCookie: string,
  callbackCookie = sessionCookie,
): Promise<{ start: HttpResponse; finish(): Promise<HttpResponse> }> {
  fake.nextSignIn = who;
  const start = await http.get(`/api/auth/${fake.kind}?intent=link`, { headers: { cookie: sessionCookie } });
  if (start.status !== 302) return { start, finish: () => Promise.resolve(start) };
  const stateCookie = cookiePair(start, 'hearth_oauth_state')!;
  const atProvider = await getWithoutRedirect(start.headers.location!);
  if (atProvider.status !== 302) throw new Error(`the provider answered ${atProvider.status}`);
  const back = new URL(atProvider.location!);
  const finish = () =>
    http.get(`${back.pathname}${back.search}`, { headers: { cookie: `${stateCookie}; ${callbackCookie}` } });
  return { start, finish };
}

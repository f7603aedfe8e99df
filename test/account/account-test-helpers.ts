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
  fake.nextSignIn = who;
  const start = await http.get(`/api/auth/${fake.kind}?intent=link`, { headers: { cookie: sessionCookie } });
  if (start.status !== 302) return { start, callback: start };
  const stateCookie = cookiePair(start, 'hearth_oauth_state')!;
  const atProvider = await getWithoutRedirect(start.headers.location!);
  if (atProvider.status !== 302) throw new Error(`the provider answered ${atProvider.status}`);
  const back = new URL(atProvider.location!);
  const callback = await http.get(`${back.pathname}${back.search}`, {
    headers: { cookie: `${stateCookie}; ${callbackCookie}` },
  });
  return { start, callback };
}

/** A live API key of `owner`, minted by an admin through `POST /api/admin/api-keys`. */
export async function apiKeyOf(t: TestApp, owner: Pick<User, 'id'>): Promise<string> {
  const admin = await buildUser(t.prisma, { role: 'admin' });
  const created = await t.http.post(
    '/api/admin/api-keys',
    { name: 'automation', user_id: owner.id },
    { headers: await authHeadersFor(t, admin) },
  );
  if (created.status !== 201) throw new Error(`api key creation answered ${created.status}: ${created.text}`);
  return created.body.key as string;
}

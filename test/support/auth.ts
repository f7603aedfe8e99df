import type { User } from '../../src/generated/prisma/client.js';
import type { TestApp } from './test-app.js';

/**
 * Authenticating test requests and sockets as `user`.
 * Until the auth issue lands these use the test-only resolver (X-Test-User-Id, `test-user:<id>` tokens).
 */
export async function accessTokenFor(_t: TestApp, user: Pick<User, 'id'>): Promise<string> {
  return `test-user:${user.id}`;
}

export async function authHeadersFor(_t: TestApp, user: Pick<User, 'id'>): Promise<Record<string, string>> {
  return { 'x-test-user-id': String(user.id) };
}

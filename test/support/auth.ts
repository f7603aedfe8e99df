import type { User } from '../../src/generated/prisma/client.js';

/**
 * Headers that authenticate `user` on a test request.
 * Until the auth issue lands this uses the test-only X-Test-User-Id resolver.
 */
export async function authHeadersFor(user: Pick<User, 'id'>): Promise<Record<string, string>> {
  return { 'x-test-user-id': String(user.id) };
}

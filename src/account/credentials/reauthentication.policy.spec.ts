import type { FastifyRequest } from 'fastify';
import type { AuthService } from '../../auth/auth.service.js';
import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import type { SessionsService } from '../../auth/sessions.service.js';
import type { User } from '../../generated/prisma/client.js';
import { RECENT_SIGN_IN_MS, ReauthenticationPolicy } from './reauthentication.policy.js';

const SESSION_ID = '11111111-2222-4333-8444-555555555555';
/** The hash the sign-in check proved (after any upgrade), which a change must be made over. */
const PROVEN_HASH = '$argon2id$proven';

function policyWith(sessionStartedAt: Date | null) {
  const checked: { email: string; password: string; ip: string }[] = [];
  const auth = {
    verifyCredentials: (email: string, password: string, client: { ip: string }) => {
      checked.push({ email, password, ip: client.ip });
      return Promise.resolve({ passwordHash: PROVEN_HASH } as User);
    },
  } as unknown as AuthService;
  const sessions = { startedAt: () => Promise.resolve(sessionStartedAt) } as unknown as SessionsService;
  return { policy: new ReauthenticationPolicy(auth, sessions), checked };
}

const request = { ip: '203.0.113.7', cookies: {} } as unknown as FastifyRequest;
const viaSession: AuthenticatedUser = {
  id: 1,
  email: 'a@example.test',
  role: 'user',
  via: 'session',
  sessionId: SESSION_ID,
};
const viaBearer: AuthenticatedUser = { ...viaSession, via: 'bearer' };
const withPassword = { id: 1, email: 'a@example.test', passwordHash: '$argon2id$…' } as User;
const passwordless = { ...withPassword, passwordHash: null } as User;

describe('ReauthenticationPolicy', () => {
  it('checks the password of an account that has one (as a sign-in of its email, from the request address)', async () => {
    const { policy, checked } = policyWith(null);
    await expect(policy.prove(withPassword, 'secret', { caller: viaSession, request })).resolves.toBe(
      PROVEN_HASH,
    );
    expect(checked).toEqual([{ email: 'a@example.test', password: 'secret', ip: '203.0.113.7' }]);
  });

  it('asks for the password when the account has one and none was given, even from a fresh session (403)', async () => {
    const { policy } = policyWith(new Date());
    await expect(
      policy.prove(withPassword, undefined, { caller: viaSession, request }),
    ).rejects.toMatchObject({
      code: 'reauthentication_required',
      status: 403,
      details: { recent_sign_in_seconds: 600 },
    });
  });

  it('lets a passwordless account through from a cookie session younger than 10 minutes', async () => {
    const { policy, checked } = policyWith(new Date(Date.now() - RECENT_SIGN_IN_MS + 30_000));
    await expect(policy.prove(passwordless, undefined, { caller: viaSession, request })).resolves.toBeNull();
    expect(checked).toEqual([]);
  });

  it('refuses a passwordless account from an older session, an ended one, or a bearer token (403)', async () => {
    const refusal = { code: 'reauthentication_required', status: 403 };
    const old = policyWith(new Date(Date.now() - RECENT_SIGN_IN_MS - 1_000)).policy;
    await expect(old.prove(passwordless, undefined, { caller: viaSession, request })).rejects.toMatchObject(
      refusal,
    );
    const ended = policyWith(null).policy;
    await expect(ended.prove(passwordless, undefined, { caller: viaSession, request })).rejects.toMatchObject(
      refusal,
    );
    const fresh = policyWith(new Date()).policy;
    await expect(fresh.prove(passwordless, undefined, { caller: viaBearer, request })).rejects.toMatchObject(
      refusal,
    );
  });

  it('checks a password given for a passwordless account (it can only fail there)', async () => {
    const { policy, checked } = policyWith(new Date());
    await policy.prove(passwordless, 'guess', { caller: viaSession, request });
    expect(checked).toHaveLength(1);
  });
});

import {
  linkTokenIn,
  startAppWithMailbox,
  stopAppWithMailbox,
  STRONG_PASSWORD,
} from '../auth/auth-test-helpers.js';
import type { FakeSmtpServer, ReceivedMail } from '../auth/fake-smtp-server.js';
import { accessTokenFor, sessionCookieFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import type { TestApp } from '../support/test-app.js';
import { ageSessions, apiKeyFor, sessionStartedFor } from './account-helpers.js';

// A signed-in person moves their account to a new address: the new address must prove itself through a
// single-use link, the old one is told, and nobody learns whether an address already has an account.

const ORIGIN = 'http://hearth.test';
const CONFIRM_PAGE = 'http://hearth.test/account/confirm';
const NEW_PASSWORD = 'a brand new passphrase';

describe('Changing the email address (POST /api/auth/email/change)', () => {
  let t: TestApp;
  let smtp: FakeSmtpServer;
  let serial = 0;

  beforeAll(async () => {
    ({ t, smtp } = await startAppWithMailbox({
      PUBLIC_URL: ORIGIN,
      EMAIL_CONFIRM_URL: CONFIRM_PAGE,
      // Every request of this file comes from one address; the per-account limit is the one under test.
      AUTH_FORGOT_MAX_PER_IP: '1000',
    }));
  });
  afterAll(() => stopAppWithMailbox(t, smtp));

  const freshAddress = () => `moved-${Date.now()}-${++serial}@new.example.test`;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const requestChange = (headers: Record<string, string>, body: unknown) =>
    t.http.post('/api/auth/email/change', body, { headers: { origin: ORIGIN, ...headers } });
  const confirm = (token: string) => t.http.post('/api/auth/email/confirm', { token });
  const mailTo = (email: string, subject: RegExp) => (mail: ReceivedMail) =>
    mail.to.includes(email) && subject.test(mail.headers.subject ?? '');

  async function linkSentTo(email: string): Promise<string> {
    const mail = await smtp.waitForMail(mailTo(email, /confirm your new/i));
    return linkTokenIn(mail, CONFIRM_PAGE);
  }

  async function passwordUser() {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    return { user, headers: bearer(await accessTokenFor(t, user)) };
  }

  it('202, a link to the new address; confirming it moves the account there (verified) and tells the old address', async () => {
    const { user, headers } = await passwordUser();
    const cookie = await sessionCookieFor(t, { email: user.email, password: STRONG_PASSWORD }, ORIGIN);
    const newEmail = freshAddress();

    const requested = await requestChange({ cookie }, { new_email: newEmail, password: STRONG_PASSWORD });
    expect(requested.status).toBe(202);
    const token = await linkSentTo(newEmail);
    const stored = await t.prisma.emailToken.findFirstOrThrow({
      where: { userId: user.id, purpose: 'change_email' },
    });
    expect(stored.tokenHash).not.toContain(token);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(user.email);

    const confirmed = await confirm(token);
    expect(confirmed.status).toBe(200);
    const me = await t.http.get('/api/auth/me', { headers });
    expect(me.body).toMatchObject({ email: newEmail, email_verified: true });
    const notice = await smtp.waitForMail(mailTo(user.email, /email address was changed/i));
    expect(notice.text).toContain(newEmail);
    expect(
      (await t.http.post('/api/auth/token', { email: newEmail, password: STRONG_PASSWORD })).status,
    ).toBe(200);
    expect((await t.http.get('/api/auth/me', { headers: { cookie } })).status).toBe(200);

    const reused = await confirm(token);
    expect(reused.status).toBe(400);
    expect(reused.body.error.code).toBe('confirm_token_invalid');
  });

  it('a taken address answers the same 202 and gets no link', async () => {
    const { user, headers } = await passwordUser();
    const taken = await buildUser(t.prisma);
    const free = freshAddress();

    const forTaken = await requestChange(headers, { new_email: taken.email, password: STRONG_PASSWORD });
    const forFree = await requestChange(headers, { new_email: free, password: STRONG_PASSWORD });
    expect(forTaken.status).toBe(202);
    expect(forFree.status).toBe(202);
    expect(forTaken.body).toEqual(forFree.body);
    expect(forTaken.headers['content-length']).toBe(forFree.headers['content-length']);

    // The link for the free address, asked for after the taken one, is the sentinel.
    await linkSentTo(free);
    expect(smtp.mails.some((mail) => mail.to.includes(taken.email))).toBe(false);
    const links = await t.prisma.emailToken.findMany({ where: { userId: user.id, purpose: 'change_email' } });
    expect(links.map((link) => link.email)).toEqual([free]);
  });

  it('an expired link is 400 confirm_token_expired, and the address stays', async () => {
    const { user, headers } = await passwordUser();
    const newEmail = freshAddress();
    expect((await requestChange(headers, { new_email: newEmail, password: STRONG_PASSWORD })).status).toBe(
      202,
    );
    const token = await linkSentTo(newEmail);
    await t.prisma.emailToken.updateMany({
      where: { userId: user.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await confirm(token);
    expect(expired.status).toBe(400);
    expect(expired.body.error.code).toBe('confirm_token_expired');
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(user.email);
  });

  it('a link asked for before a password change is refused afterwards', async () => {
    const { user, headers } = await passwordUser();
    const newEmail = freshAddress();
    expect((await requestChange(headers, { new_email: newEmail, password: STRONG_PASSWORD })).status).toBe(
      202,
    );
    const token = await linkSentTo(newEmail);
    const changed = await t.http.put(
      '/api/auth/password',
      { current_password: STRONG_PASSWORD, new_password: NEW_PASSWORD },
      { headers },
    );
    expect(changed.status).toBe(204);
    const refused = await confirm(token);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('confirm_token_invalid');
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(user.email);
  });

  it('an address taken between the request and the confirmation is 409 email_taken, and the address stays', async () => {
    const { user, headers } = await passwordUser();
    const newEmail = freshAddress();
    expect((await requestChange(headers, { new_email: newEmail, password: STRONG_PASSWORD })).status).toBe(
      202,
    );
    const token = await linkSentTo(newEmail);
    await buildUser(t.prisma, { email: newEmail });
    const refused = await confirm(token);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('email_taken');
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(user.email);
  });

  it('refuses a wrong or missing password, bad bodies, API keys, cross-site cookies, and too many requests', async () => {
    const { user, headers } = await passwordUser();
    const wrong = await requestChange(headers, { new_email: freshAddress(), password: 'not my password' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    const missing = await requestChange(headers, { new_email: freshAddress() });
    expect(missing.status).toBe(403);
    expect(missing.body.error.code).toBe('reauthentication_required');
    const invalid = await requestChange(headers, { new_email: 'not an address', password: 7 });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('validation_failed');
    const fields = new Set(invalid.body.error.details.map((d: { field: string }) => d.field));
    expect([...fields].sort()).toEqual(['new_email', 'password']);
    expect((await requestChange({}, { new_email: freshAddress(), password: STRONG_PASSWORD })).status).toBe(
      401,
    );
    const withKey = await requestChange(
      { 'x-api-key': await apiKeyFor(t, user) },
      { new_email: freshAddress(), password: STRONG_PASSWORD },
    );
    expect(withKey.status).toBe(403);
    expect(withKey.body.error.code).toBe('api_key_forbidden');
    const cookie = await sessionCookieFor(t, { email: user.email, password: STRONG_PASSWORD }, ORIGIN);
    const crossSite = await requestChange(
      { cookie, origin: 'https://evil.example' },
      { new_email: freshAddress(), password: STRONG_PASSWORD },
    );
    expect(crossSite.body.error.code).toBe('csrf_failed');

    const perAccount = t.config.auth.bruteForce.resend.perAccount;
    const answers: number[] = [];
    for (let i = 0; i <= perAccount; i += 1) {
      answers.push(
        (await requestChange(headers, { new_email: freshAddress(), password: STRONG_PASSWORD })).status,
      );
    }
    expect(answers).toEqual([...Array<number>(perAccount).fill(202), 429]);
    expect(await t.prisma.emailToken.count({ where: { userId: user.id } })).toBeLessThanOrEqual(perAccount);
  });

  it('an OAuth-only account asks without a password from a session younger than 10 minutes, else 403', async () => {
    const user = await buildUser(t.prisma);
    const cookie = await sessionStartedFor(t, user);
    const newEmail = freshAddress();
    expect((await requestChange({ cookie }, { new_email: newEmail })).status).toBe(202);
    expect((await confirm(await linkSentTo(newEmail))).status).toBe(200);

    await ageSessions(t, user.id, 11);
    const old = await requestChange({ cookie }, { new_email: freshAddress() });
    expect(old.status).toBe(403);
    expect(old.body.error.code).toBe('reauthentication_required');
  });
});

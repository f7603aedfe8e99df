import { createHash } from 'node:crypto';
import { sessionCookieFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import type { TestApp } from '../support/test-app.js';
import {
  linkTokenIn,
  startAppWithMailbox,
  stopAppWithMailbox,
  STRONG_PASSWORD,
} from './auth-test-helpers.js';
import type { FakeSmtpServer, ReceivedMail } from './fake-smtp-server.js';

const ORIGIN = 'http://hearth.test';
const CONFIRM_PAGE = 'http://hearth.test/account/confirm';
const RESENDS_PER_ACCOUNT = 2;

describe('Email confirmation of password accounts', () => {
  let t: TestApp;
  let smtp: FakeSmtpServer;

  beforeAll(async () => {
    ({ t, smtp } = await startAppWithMailbox({
      PUBLIC_URL: ORIGIN,
      EMAIL_CONFIRM_URL: CONFIRM_PAGE,
      AUTH_FORGOT_MAX_PER_ACCOUNT: String(RESENDS_PER_ACCOUNT),
    }));
  });
  afterAll(() => stopAppWithMailbox(t, smtp));

  const mailsTo = (email: string) => smtp.mails.filter((mail) => mail.to.includes(email));

  const tokenIn = (mail: ReceivedMail) => linkTokenIn(mail, CONFIRM_PAGE);

  async function register(): Promise<{ email: string; id: number; token: string }> {
    const email = `confirm-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
    const response = await t.http.post('/api/auth/register', { email, password: STRONG_PASSWORD });
    expect(response.status).toBe(201);
    const mail = await smtp.waitForMail((candidate) => candidate.to.includes(email));
    expect(mail.headers.subject).toMatch(/confirm/i);
    return { email, id: response.body.id, token: tokenIn(mail) };
  }

  const confirm = (token: unknown) => t.http.post('/api/auth/email/confirm', { token });
  const meWith = (cookie: string) => t.http.get('/api/auth/me', { headers: { cookie } });

  it('registration answers as before and mails a link; signing in works before the address is confirmed', async () => {
    const email = `shape-${Date.now()}@example.test`;
    const response = await t.http.post('/api/auth/register', { email, password: STRONG_PASSWORD });
    expect(response.status).toBe(201);
    expect(Object.keys(response.body).sort()).toEqual(['created_at', 'display_name', 'email', 'id', 'role']);
    await smtp.waitForMail((mail) => mail.to.includes(email));

    const cookie = await sessionCookieFor(t, { email, password: STRONG_PASSWORD }, ORIGIN);
    const me = await meWith(cookie);
    expect(me.status).toBe(200);
    expect(me.body.email_verified).toBe(false);
  });

  it('the link confirms the address once; /me says so', async () => {
    const { email, id, token } = await register();
    const cookie = await sessionCookieFor(t, { email, password: STRONG_PASSWORD }, ORIGIN);

    const confirmed = await confirm(token);
    expect(confirmed.status).toBe(200);
    expect((await meWith(cookie)).body.email_verified).toBe(true);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id } })).emailVerifiedAt).toBeInstanceOf(Date);

    const reused = await confirm(token);
    expect(reused.status).toBe(400);
    expect(reused.body.error.code).toBe('confirm_token_invalid');
  });

  it('keeps only a hash of the token', async () => {
    const { id, token } = await register();
    const rows = await t.prisma.emailToken.findMany({ where: { userId: id } });
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0].tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
  });

  it('refuses an expired link with confirm_token_expired, and an unknown one with confirm_token_invalid', async () => {
    const { id, token } = await register();
    await t.prisma.emailToken.updateMany({
      where: { userId: id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await confirm(token);
    expect(expired.status).toBe(400);
    expect(expired.body.error.code).toBe('confirm_token_expired');
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id } })).emailVerifiedAt).toBeNull();

    const unknown = await confirm('not-a-token-we-issued');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('confirm_token_invalid');
    const malformed = await confirm(42);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('validation_failed');
  });

  it('resend: signed-in only, mails a fresh link (202), limited like forgot', async () => {
    const { email } = await register();
    const cookie = await sessionCookieFor(t, { email, password: STRONG_PASSWORD }, ORIGIN);
    const resend = () =>
      t.http.post('/api/auth/email/confirm/resend', undefined, { headers: { cookie, origin: ORIGIN } });

    expect((await t.http.post('/api/auth/email/confirm/resend')).status).toBe(401);
    const first = await resend();
    expect(first.status).toBe(202);
    const fresh = await smtp.waitForMail(
      (mail) => mail.to.includes(email) && mailsTo(email).indexOf(mail) === 1,
    );
    expect((await confirm(tokenIn(fresh))).status).toBe(200);

    for (let i = 1; i < RESENDS_PER_ACCOUNT; i += 1) expect((await resend()).status).toBe(202);
    const limited = await resend();
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
  });

  it('a confirmation link for an address the account no longer has is refused', async () => {
    const { id, token } = await register();
    await t.prisma.user.update({ where: { id }, data: { email: `moved-${id}@example.test` } });
    const response = await confirm(token);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('confirm_token_invalid');
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id } })).emailVerifiedAt).toBeNull();
  });

  it('accounts made by an admin or a seed start unconfirmed; /me reports it', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const cookie = await sessionCookieFor(t, { email: user.email, password: STRONG_PASSWORD }, ORIGIN);
    expect((await meWith(cookie)).body.email_verified).toBe(false);
  });
});

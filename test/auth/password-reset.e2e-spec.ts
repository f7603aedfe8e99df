import { sessionCookieFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import type { TestApp } from '../support/test-app.js';
import {
  linkTokenIn,
  sha256Hex,
  startAppWithMailbox,
  stopAppWithMailbox,
  STRONG_PASSWORD,
} from './auth-test-helpers.js';
import type { FakeSmtpServer, ReceivedMail } from './fake-smtp-server.js';

const ORIGIN = 'http://hearth.test';
const RESET_PAGE = 'http://hearth.test/account/reset';
const NEW_PASSWORD = 'a brand new passphrase';

describe('Password reset', () => {
  let t: TestApp;
  let smtp: FakeSmtpServer;

  beforeAll(async () => {
    ({ t, smtp } = await startAppWithMailbox({
      PUBLIC_URL: ORIGIN,
      PASSWORD_RESET_URL: RESET_PAGE,
      MAIL_FROM: 'Hearth <hello@hearth.test>',
    }));
  });
  afterAll(() => stopAppWithMailbox(t, smtp));

  const mailTo = (email: string) => (mail: ReceivedMail) => mail.to.includes(email);

  const tokenIn = (mail: ReceivedMail) => linkTokenIn(mail, RESET_PAGE);

  async function requestResetToken(email: string): Promise<string> {
    const response = await t.http.post('/api/auth/password/forgot', { email });
    expect(response.status).toBe(202);
    return tokenIn(await smtp.waitForMail(mailTo(email)));
  }

  it('answers before the mail is sent: a slow SMTP server does not hold up the response', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const release = smtp.holdReplies();
    try {
      // Sent on the request path, the answer would wait for the held reply and never come.
      const response = await t.http.post('/api/auth/password/forgot', { email: user.email });
      expect(response.status).toBe(202);
      const held = await smtp.waitForMail(mailTo(user.email));
      expect(held.text).toContain(RESET_PAGE);
    } finally {
      release();
    }
  });

  it('emails a reset link through SMTP and lets the token set a new password once', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const token = await requestResetToken(user.email);
    const mail = smtp.mails.find(mailTo(user.email))!;
    expect(mail.headers.from).toContain('hello@hearth.test');
    expect(mail.headers.subject).toMatch(/reset/i);

    const reset = await t.http.post('/api/auth/password/reset', { token, password: NEW_PASSWORD });
    expect(reset.status).toBe(200);

    const oldLogin = await t.http.post('/api/auth/token', { email: user.email, password: STRONG_PASSWORD });
    expect(oldLogin.status).toBe(401);
    const newLogin = await t.http.post('/api/auth/token', { email: user.email, password: NEW_PASSWORD });
    expect(newLogin.status).toBe(200);

    const reused = await t.http.post('/api/auth/password/reset', {
      token,
      password: 'yet another passphrase',
    });
    expect(reused.status).toBe(400);
    expect(reused.body.error.code).toBe('reset_token_invalid');
  });

  it('answers the same 202 body for known and unknown emails, and mails only the known one', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const unknownEmail = `nobody-${Date.now()}@example.test`;
    const unknown = await t.http.post('/api/auth/password/forgot', { email: unknownEmail });
    const known = await t.http.post('/api/auth/password/forgot', { email: user.email });
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    expect(unknown.headers['content-length']).toEqual(known.headers['content-length']);
    expect(unknown.headers['set-cookie']).toEqual(known.headers['set-cookie']);

    await smtp.waitForMail(mailTo(user.email));
    expect(smtp.mails.some(mailTo(unknownEmail))).toBe(false);
  });

  it('revokes every session and refresh token of the user on reset', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const cookie = await sessionCookieFor(t, { email: user.email, password: STRONG_PASSWORD }, ORIGIN);
    const tokens = await t.http.post('/api/auth/token', { email: user.email, password: STRONG_PASSWORD });
    const token = await requestResetToken(user.email);

    expect((await t.http.post('/api/auth/password/reset', { token, password: NEW_PASSWORD })).status).toBe(
      200,
    );
    expect((await t.http.get('/api/auth/me', { headers: { cookie } })).status).toBe(401);
    const refresh = await t.http.post('/api/auth/token/refresh', {
      refresh_token: tokens.body.refresh_token,
    });
    expect(refresh.status).toBe(401);
  });

  it('refuses an expired token with 400 reset_token_expired', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const token = await requestResetToken(user.email);
    await t.prisma.passwordResetToken.updateMany({
      where: { userId: user.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const response = await t.http.post('/api/auth/password/reset', { token, password: NEW_PASSWORD });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('reset_token_expired');
    const login = await t.http.post('/api/auth/token', { email: user.email, password: STRONG_PASSWORD });
    expect(login.status).toBe(200);
  });

  it('makes reset tokens valid for one hour and stores them only hashed', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const token = await requestResetToken(user.email);
    const [row] = await t.prisma.passwordResetToken.findMany({ where: { userId: user.id } });
    expect(row.tokenHash).toBe(sha256Hex(token));
    const lifetimeMs = row.expiresAt.getTime() - row.createdAt.getTime();
    expect(lifetimeMs).toBeGreaterThan(59 * 60_000);
    expect(lifetimeMs).toBeLessThanOrEqual(60 * 60_000 + 1_000);
  });

  it('refuses an unknown token with 400 reset_token_invalid', async () => {
    const response = await t.http.post('/api/auth/password/reset', {
      token: 'never-issued',
      password: NEW_PASSWORD,
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('reset_token_invalid');
  });

  it('applies the password rules to the new password', async () => {
    const response = await t.http.post('/api/auth/password/reset', { token: 'whatever', password: 'short' });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.details[0].field).toBe('password');
  });
});

import type { Page } from 'playwright-core';
import { SessionsService } from '../../src/auth/sessions.service.js';
import type { User } from '../../src/generated/prisma/client.js';
import { FakeOAuthProvider } from '../auth/fake-oauth-provider.js';
import { buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { BrowserHarness, describeInBrowser, submitSignIn } from './chromium.js';

// The demo page's Account panel, driven by a real headless Chromium against a real app and a fake GitHub that
// speaks the real OAuth protocol: the password change, the sessions list and signing sessions out, linking a
// provider and unlinking it, and deleting the account.

// As in demo.e2e-spec.ts: the browser reaches the app at its PUBLIC_URL, mapped to the app's random port.
const PUBLIC_URL = 'http://hearth.localhost';
const PASSWORD = 'a-long-demo-password';
const WAIT = { timeout: 10_000 };

describeInBrowser('the Account panel of the demo page', () => {
  let t: TestApp;
  let github: FakeOAuthProvider;
  const browser = new BrowserHarness();

  beforeAll(async () => {
    github = await new FakeOAuthProvider('github').start();
    t = await startTestApp({ env: { PUBLIC_URL, ...github.env() } });
    await browser.launch(PUBLIC_URL, t.baseUrl);
  });

  afterEach(async () => {
    expect(await browser.closePages()).toEqual([]);
  });

  afterAll(async () => {
    await browser.close();
    await t?.close();
    await github?.stop();
  });

  async function signedInPage(user: User): Promise<Page> {
    const { page } = await browser.openPage();
    await page.goto('/');
    await submitSignIn(page, user.email, PASSWORD);
    await page.locator('#account-section').waitFor(WAIT);
    return page;
  }

  /** A page signed in to an account without a password, as a provider sign-in leaves it (a fresh session). */
  async function providerOnlyPage(user: User): Promise<Page> {
    const { page, context } = await browser.openPage();
    const token = await t.app.get(SessionsService).start(user, { userAgent: 'test' });
    await context.addCookies([{ name: 'hearth_session', value: token, url: PUBLIC_URL }]);
    await page.goto('/');
    await page.locator('#account-section').waitFor(WAIT);
    return page;
  }

  /** A session of `user` signed in elsewhere (another device), as its `hearth_session=…` cookie. */
  async function sessionElsewhere(user: User, userAgent: string): Promise<string> {
    const login = await t.http.post(
      '/api/auth/login',
      { email: user.email, password: PASSWORD },
      { headers: { origin: PUBLIC_URL, 'user-agent': userAgent } },
    );
    expect(login.status).toBe(200);
    return login.headers['set-cookie']!.find((line) => line.startsWith('hearth_session='))!.split(';')[0];
  }

  const meWith = (cookie: string) => t.http.get('/api/auth/me', { headers: { cookie } });

  it('lists the sessions with this browser marked, and signs another one out', async () => {
    const user = await buildUser(t.prisma, { password: PASSWORD });
    const phone = await sessionElsewhere(user, 'Phone browser');
    const page = await signedInPage(user);

    const other = page.locator('#sessions li', { hasText: 'Phone browser' });
    await other.waitFor(WAIT);
    expect(await page.locator('#sessions li').count()).toBe(2);
    expect(await page.locator('#sessions li', { hasText: '(this browser)' }).count()).toBe(1);

    await other.locator('.sign-out').click();
    await other.waitFor({ ...WAIT, state: 'detached' });
    expect((await meWith(phone)).status).toBe(401);
    expect(await page.locator('#session').isVisible()).toBe(true);
  });

  it('signing this browser out from the list signs the page out', async () => {
    const user = await buildUser(t.prisma, { password: PASSWORD });
    const page = await signedInPage(user);
    await page.locator('#sessions li', { hasText: '(this browser)' }).locator('.sign-out').click();
    await page.locator('#login-form').waitFor(WAIT);
    expect(await page.locator('#account-section').isHidden()).toBe(true);
  });

  it('changes the password: a wrong current one is refused, then other sessions end and this one stays', async () => {
    const user = await buildUser(t.prisma, { password: PASSWORD });
    const laptop = await sessionElsewhere(user, 'Laptop browser');
    const page = await signedInPage(user);
    const next = 'an even longer demo password';

    await page.fill('#current-password', 'not the password');
    await page.fill('#new-password', next);
    await page.click('#password-form button[type=submit]');
    await page.locator('#password-status.error', { hasText: /./ }).waitFor(WAIT);

    await page.fill('#current-password', PASSWORD);
    await page.click('#password-form button[type=submit]');
    await page.locator('#password-status', { hasText: 'Password changed' }).waitFor(WAIT);
    expect((await meWith(laptop)).status).toBe(401);
    await page.locator('#sessions li', { hasText: 'Laptop browser' }).waitFor({ ...WAIT, state: 'detached' });
    expect(await page.locator('#sessions li').count()).toBe(1);
    const login = await t.http.post(
      '/api/auth/login',
      { email: user.email, password: next },
      {
        headers: { origin: PUBLIC_URL },
      },
    );
    expect(login.status).toBe(200);
    await page.reload();
    await page.locator('#account-section').waitFor(WAIT);
  });

  it('links GitHub through the provider, lists it, and unlinks it while a password remains', async () => {
    const user = await buildUser(t.prisma, { password: PASSWORD });
    const page = await signedInPage(user);
    github.nextSignIn = { id: '4242001', email: 'octo@example.test', emailVerified: true, name: 'Octo' };

    await page.click('#link-github');
    await page.locator('#identity-github').waitFor(WAIT);
    expect(await page.locator('#identity-github').textContent()).toContain('GitHub (octo@example.test)');
    expect(await page.locator('#link-github').isHidden()).toBe(true);
    expect(await t.prisma.oAuthIdentity.findMany({ where: { userId: user.id } })).toEqual([
      expect.objectContaining({ provider: 'github', providerUserId: '4242001' }),
    ]);

    await page.click('#identity-github .unlink');
    await page.locator('#identity-github').waitFor({ ...WAIT, state: 'detached' });
    await page.locator('#link-github').waitFor(WAIT);
    expect(await t.prisma.oAuthIdentity.count({ where: { userId: user.id } })).toBe(0);
  });

  it('says why the last way to sign in cannot be unlinked, and why a link was refused', async () => {
    const owner = await buildUser(t.prisma);
    await t.prisma.oAuthIdentity.create({
      data: { userId: owner.id, provider: 'github', providerUserId: '4242002', email: owner.email },
    });
    const page = await providerOnlyPage(owner);
    await page.click('#identity-github .unlink');
    await page.locator('#identities-error', { hasText: 'only way to sign in' }).waitFor(WAIT);
    expect(await page.locator('#identity-github').count()).toBe(1);

    const other = await buildUser(t.prisma, { password: PASSWORD });
    const otherPage = await signedInPage(other);
    github.nextSignIn = { id: '4242002', email: owner.email, emailVerified: true };
    await otherPage.click('#link-github');
    await otherPage.locator('#identities-error', { hasText: 'another Hearth account' }).waitFor(WAIT);
    expect(await t.prisma.oAuthIdentity.count({ where: { userId: other.id } })).toBe(0);
  });

  it('deletes the account after the password is confirmed, and the page signs out', async () => {
    const user = await buildUser(t.prisma, { password: PASSWORD });
    const page = await signedInPage(user);

    await page.fill('#delete-password', 'not the password');
    await page.check('#delete-confirm');
    await page.click('#delete-form button[type=submit]');
    await page.locator('#delete-error', { hasText: /./ }).waitFor(WAIT);
    expect(await t.prisma.user.count({ where: { id: user.id } })).toBe(1);

    await page.fill('#delete-password', PASSWORD);
    await page.click('#delete-form button[type=submit]');
    await page.locator('#notice', { hasText: 'Your account was deleted.' }).waitFor(WAIT);
    await page.locator('#login-form').waitFor(WAIT);
    expect(await page.locator('#account-section').isHidden()).toBe(true);
    expect(await t.prisma.user.count({ where: { id: user.id } })).toBe(0);
    await page.reload();
    await page.locator('#login-form').waitFor(WAIT);
  });
});

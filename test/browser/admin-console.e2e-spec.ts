import type { Locator, Page } from 'playwright-core';
import type { User } from '../../src/generated/prisma/client.js';
import { buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { BrowserHarness, describeInBrowser, submitSignIn } from './chromium.js';

// The admin console on the demo page: an admin issues, copies and revokes API keys and changes roles without curl,
// through the same API (cookie session, CSRF, error shape) as every other client. Nobody else sees it.

const PUBLIC_URL = 'http://hearth.localhost';
const PASSWORD = 'a-long-demo-password';
const WAIT = { timeout: 10_000 };

// The browser global that functions run inside the page use (tsconfig has no DOM lib), typed just enough.
declare const navigator: { clipboard: { readText(): Promise<string> } };

describeInBrowser('the admin console on the demo page', () => {
  let t: TestApp;
  const browser = new BrowserHarness();
  let admin: User;
  let alice: User;

  beforeAll(async () => {
    t = await startTestApp({ env: { PUBLIC_URL } });
    admin = await buildUser(t.prisma, { email: 'root@hearth.test', role: 'admin', password: PASSWORD });
    alice = await buildUser(t.prisma, {
      email: 'alice@hearth.test',
      password: PASSWORD,
      displayName: 'Alice',
    });
    await browser.launch(PUBLIC_URL, t.baseUrl);
  });

  afterEach(async () => {
    expect(await browser.closePages()).toEqual([]);
  });

  afterAll(async () => {
    await browser.close();
    await t?.close();
  });

  async function signedInPage(user: User): Promise<Page> {
    const { page } = await browser.openPage({ permissions: ['clipboard-read', 'clipboard-write'] });
    await page.goto('/');
    await submitSignIn(page, user.email, PASSWORD);
    await page.locator('#current-user', { hasText: user.email }).waitFor(WAIT);
    return page;
  }

  function userRow(page: Page, user: User): Locator {
    return page.locator(`#admin-user-${user.id}`);
  }

  it('is not shown to a signed-in user who is not an admin, nor to anonymous visitors', async () => {
    const page = await signedInPage(alice);
    // The page has settled once the live post list is in: the console would have been filled in by then.
    await page.locator('#posts[data-live="true"]').waitFor({ ...WAIT, state: 'attached' });
    expect(await page.locator('#admin-section').isHidden()).toBe(true);
    expect(await page.locator('#users tbody tr').count()).toBe(0);

    await page.click('#logout');
    await page.locator('#login-form').waitFor(WAIT);
    expect(await page.locator('#admin-section').isHidden()).toBe(true);
  });

  it('issues a key for an owner with an hourly limit, shows it once with a copy button, lists and revokes it', async () => {
    const page = await signedInPage(admin);
    await userRow(page, alice).waitFor(WAIT);

    await page.fill('#key-name', 'Partner feed');
    await page.selectOption('#key-owner', String(alice.id));
    await page.fill('#key-limit', '250');
    await page.click('#key-form button[type=submit]');
    const shown = page.locator('#new-key-value');
    await shown.waitFor(WAIT);
    const key = (await shown.textContent())!;
    expect(key).toMatch(/^hk_/);

    // The key works, as Alice, and the list shows it without its secret.
    const asKey = t.http.as({ 'x-api-key': key });
    const me = await asKey.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(alice.id);
    const stored = await t.prisma.apiKey.findFirstOrThrow({ where: { name: 'Partner feed' } });
    const row = page.locator(`#api-key-${stored.id}`);
    await row.waitFor(WAIT);
    expect(await row.locator('.prefix').textContent()).toBe(stored.prefix);
    expect(await row.locator('.owner').textContent()).toBe(alice.email);
    expect(await row.locator('.limit').textContent()).toBe('250');
    expect(await page.locator('#keys').textContent()).not.toContain(key);

    await page.click('#copy-key');
    await page.locator('#copy-status', { hasText: 'Copied.' }).waitFor(WAIT);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);

    // After a reload the key is gone for good; its last use is now listed.
    await page.reload();
    await row.locator('.last-used').waitFor(WAIT);
    expect(await page.locator('#new-key').isHidden()).toBe(true);
    expect(await row.locator('.last-used').textContent()).not.toBe('never');

    await row.locator('button.revoke').click();
    await page.locator(`#api-key-${stored.id}.revoked`).waitFor(WAIT);
    expect((await asKey.get('/api/auth/me')).status).toBe(401);
  });

  it('shows why a key cannot be issued, in the API error message', async () => {
    const page = await signedInPage(admin);
    await userRow(page, alice).waitFor(WAIT);
    await page.fill('#key-name', 'Too generous');
    await page.fill('#key-limit', '2000000');
    // The browser's own range check would stop the form first; the server is the one that decides.
    await page
      .locator('#key-limit')
      .evaluate((input: { removeAttribute(name: string): void }) => input.removeAttribute('max'));
    await page.click('#key-form button[type=submit]');
    await page.locator('#key-error', { hasText: /./ }).waitFor(WAIT);
    expect(await page.locator('#key-error').textContent()).toMatch(
      /^The request has invalid fields\. rate_limit_per_hour: /,
    );
    expect(await t.prisma.apiKey.count({ where: { name: 'Too generous' } })).toBe(0);
  });

  it("lists users and changes a role; demoting the last admin is refused with the server's reason", async () => {
    const page = await signedInPage(admin);
    const aliceRow = userRow(page, alice);
    await aliceRow.waitFor(WAIT);
    expect(await aliceRow.locator('.email').textContent()).toBe(alice.email);

    await aliceRow.locator('select.role').selectOption('moderator');
    await page.locator(`#admin-user-${alice.id} select.role[data-role="moderator"]`).waitFor(WAIT);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: alice.id } })).role).toBe('moderator');

    const adminRow = userRow(page, admin);
    await adminRow.locator('select.role').selectOption('user');
    await adminRow.locator('.error', { hasText: /./ }).waitFor(WAIT);
    expect(await adminRow.locator('.error').textContent()).toMatch(/last admin/i);
    expect(await adminRow.locator('select.role').inputValue()).toBe('admin');
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe('admin');
    expect(await page.locator('#admin-section').isVisible()).toBe(true);
  });
});

import type { Page } from 'playwright-core';
import type { User } from '../../src/generated/prisma/client.js';
import { buildPost, buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { BrowserHarness, describeInBrowser, submitSignIn } from './chromium.js';

// A moderator hides a post from the demo page; everyone's open list loses it, live. Users see no such button.

// See test/browser/demo.e2e-spec.ts: the page is reached at its PUBLIC_URL so that its Origin passes CSRF.
const PUBLIC_URL = 'http://hearth.localhost';
const PASSWORD = 'a-long-demo-password';
const WAIT = { timeout: 10_000 };

describeInBrowser('moderation on the demo page', () => {
  let t: TestApp;
  const browser = new BrowserHarness();

  beforeAll(async () => {
    t = await startTestApp({ env: { PUBLIC_URL } });
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
    const { page } = await browser.openPage();
    await page.goto('/');
    await submitSignIn(page, user.email, PASSWORD);
    await page.locator('#current-user', { hasText: user.email }).waitFor(WAIT);
    await page.locator('#posts[data-live="true"]').waitFor({ ...WAIT, state: 'attached' });
    return page;
  }

  it('a moderator hides a post with a reason: it leaves their list and a reader’s list at once', async () => {
    const moderator = await buildUser(t.prisma, { role: 'moderator', password: PASSWORD });
    const reader = await buildUser(t.prisma, { password: PASSWORD });
    const post = await buildPost(t.prisma, { title: 'Buy cheap watches' });
    const modPage = await signedInPage(moderator);
    const readerPage = await signedInPage(reader);
    await readerPage.locator(`#posts-${post.id}`).waitFor(WAIT);

    // A user has no hide button; the moderator has one on every post.
    expect(await readerPage.locator(`#posts-${post.id} .hide-post`).isVisible()).toBe(false);
    const button = modPage.locator(`#posts-${post.id} .hide-post`);
    await button.waitFor({ ...WAIT, state: 'visible' });
    modPage.once('dialog', (dialog) => void dialog.accept('Spam'));
    await button.click();

    await modPage.locator(`#posts-${post.id}`).waitFor({ ...WAIT, state: 'detached' });
    await readerPage.locator(`#posts-${post.id}`).waitFor({ ...WAIT, state: 'detached' });
    expect(await t.prisma.post.findUniqueOrThrow({ where: { id: post.id } })).toMatchObject({
      hiddenReason: 'Spam',
    });
    expect(await t.prisma.moderationAction.findFirst({ where: { targetId: post.id } })).toMatchObject({
      actorId: moderator.id,
      action: 'hide',
      reason: 'Spam',
    });
  });

  it('cancelling the reason prompt hides nothing', async () => {
    const admin = await buildUser(t.prisma, { role: 'admin', password: PASSWORD });
    const post = await buildPost(t.prisma, { title: 'Borderline' });
    const page = await signedInPage(admin);
    const button = page.locator(`#posts-${post.id} .hide-post`);
    await button.waitFor({ ...WAIT, state: 'visible' });

    const dismissed = new Promise<void>((resolve) =>
      page.once('dialog', (dialog) => void dialog.dismiss().then(resolve)),
    );
    await button.click();
    await dismissed;

    expect(await page.locator(`#posts-${post.id}`).isVisible()).toBe(true);
    expect(await t.prisma.post.findUniqueOrThrow({ where: { id: post.id } })).toMatchObject({
      hiddenAt: null,
    });
  });
});

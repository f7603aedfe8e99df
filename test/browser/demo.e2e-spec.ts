import type { Locator, Page, Route } from 'playwright-core';
import type { User } from '../../src/generated/prisma/client.js';
import { authHeadersFor } from '../support/auth.js';
import { buildPost, buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { localDiskBackend, type StorageBackend } from '../support/storage.js';
import { MB, pngBytes } from '../uploads/upload-fixtures.js';
import { BrowserHarness, describeInBrowser, submitSignIn } from './chromium.js';

// The demo page at `/`, driven by a real headless Chromium against a real app: what a user sees.

/**
 * The browser reaches the app at its PUBLIC_URL, as users do in production, so the page's Origin is the one
 * the CSRF check allows. The app listens on a random port: Chromium's resolver maps the name to it. A `.localhost`
 * name, because browsers treat it as loopback: helmet's `upgrade-insecure-requests` would otherwise send the
 * page's scripts to https (as it would for any plain-http host that is not localhost).
 */
const PUBLIC_URL = 'http://hearth.localhost';
const PASSWORD = 'a-long-demo-password';
const WAIT = { timeout: 10_000 };

// The few browser globals that functions run inside the page use (tsconfig has no DOM lib), typed just enough.
declare const document: { getElementById(id: string): unknown };
declare const MutationObserver: new (callback: () => void) => {
  observe(target: unknown, options: { attributes: boolean }): void;
};
interface ProgressBar {
  value: number;
  max: number;
}
interface ImageElement {
  src: string;
  complete: boolean;
  naturalWidth: number;
  addEventListener(type: 'load' | 'error', listener: () => void): void;
}
type PageGlobals = typeof globalThis & { notReloaded?: boolean; progressSeen?: number[] };

describeInBrowser('the demo page in a browser', () => {
  let t: TestApp;
  let storage: StorageBackend;
  const browser = new BrowserHarness();
  let alice: User;
  let bob: User;

  beforeAll(async () => {
    storage = await localDiskBackend();
    t = await startTestApp({ env: { ...storage.env, PUBLIC_URL } });
    alice = await buildUser(t.prisma, { email: 'alice@hearth.test', password: PASSWORD });
    bob = await buildUser(t.prisma, { email: 'bob@hearth.test', password: PASSWORD });
    await browser.launch(PUBLIC_URL, t.baseUrl);
  });

  afterEach(async () => {
    // Uncaught exceptions and CSP refusals would be invisible in the assertions above them.
    expect(await browser.closePages()).toEqual([]);
  });

  afterAll(async () => {
    await browser.close();
    await t?.close();
    await storage?.close();
  });

  async function openPage(): Promise<Page> {
    const { page } = await browser.openPage();
    await page.goto('/');
    return page;
  }

  function waitForText(page: Page, selector: string, text: string | RegExp): Promise<void> {
    return page.locator(selector, { hasText: text }).first().waitFor(WAIT);
  }

  /** Signs in through the form and waits until the page is live: posts topic joined, self in the lobby. */
  async function signIn(page: Page, user: User): Promise<void> {
    await submitSignIn(page, user.email, PASSWORD);
    await waitForText(page, '#current-user', user.email);
    await page.locator('#posts[data-live="true"]').waitFor({ ...WAIT, state: 'attached' });
    await page.locator(`#online-user-${user.id}`).waitFor(WAIT);
  }

  async function signedInPage(user: User): Promise<Page> {
    const page = await openPage();
    await signIn(page, user);
    return page;
  }

  /** Holds the next request matching `url` until the test answers it, so it can look at the page meanwhile. */
  function holdNextRequest(page: Page, url: string): Promise<Route> {
    return new Promise((resolve) => {
      void page.route(url, (route) => resolve(route), { times: 1 });
    });
  }

  async function likeState(item: Locator) {
    await item.locator('.like:not([disabled])').waitFor(WAIT);
    return {
      count: await item.locator('.likes').textContent(),
      pressed: await item.locator('.like').getAttribute('aria-pressed'),
      error: await item.locator('.error').textContent(),
    };
  }

  it('signs in with email and password, shows who is signed in, and stays signed in after a reload', async () => {
    const page = await openPage();
    await page.locator('#login-form').waitFor(WAIT);

    await submitSignIn(page, alice.email, 'not-the-password');
    await waitForText(page, '#login-error', /./);
    expect(await page.locator('#session').isVisible()).toBe(false);

    await signIn(page, alice);
    expect(await page.locator('#current-user').textContent()).toBe(`${alice.email} (user)`);
    expect(await page.locator('#login-form').isVisible()).toBe(false);

    await page.reload();
    await waitForText(page, '#current-user', alice.email);
  });

  it('reconnects by itself when the server ends its socket (a new role), and signs out when the session is gone', async () => {
    const carol = await buildUser(t.prisma, { email: 'carol@hearth.test', password: PASSWORD });
    const admin = await buildUser(t.prisma, { role: 'admin' });
    const page = await signedInPage(carol);

    const changed = await t.http.patch(
      `/api/admin/users/${carol.id}`,
      { role: 'moderator' },
      { headers: await authHeadersFor(t, admin) },
    );
    expect(changed.status).toBe(200);
    await waitForText(page, '#current-user', `${carol.email} (moderator)`);
    await page.locator('#posts[data-live="true"]').waitFor({ ...WAIT, state: 'attached' });
    await page.locator(`#online-user-${carol.id}`).waitFor(WAIT);

    // Signing out everywhere from another device ends this page's session and socket.
    const elsewhere = await t.http.post('/api/auth/token', { email: carol.email, password: PASSWORD });
    const logoutAll = await t.http.post('/api/auth/logout-all', undefined, {
      headers: { authorization: `Bearer ${elsewhere.body.access_token}` },
    });
    expect(logoutAll.status).toBe(204);
    await page.locator('#login-form').waitFor(WAIT);
    expect(await page.locator('#session').isVisible()).toBe(false);
  });

  it("shows another user's new post without a reload, follows its edits, and removes it when deleted", async () => {
    const page = await signedInPage(alice);
    await page.evaluate(() => Object.assign(globalThis, { notReloaded: true }));
    const asBob = t.http.as(await authHeadersFor(t, bob));

    const created = await asBob.post('/api/v2/posts', {
      title: 'Fresh from Bob',
      body: 'Hot off the press.',
    });
    expect(created.status).toBe(201);
    const item = page.locator(`#posts-${created.body.data.id}`);
    await waitForText(page, `#posts-${created.body.data.id} .title`, 'Fresh from Bob');
    expect(await item.locator('.body').textContent()).toBe('Hot off the press.');
    expect(await page.locator('#posts > li').first().getAttribute('id')).toBe(
      `posts-${created.body.data.id}`,
    );

    await asBob.patch(`/api/v2/posts/${created.body.data.id}`, { title: 'Fresh from Bob, edited' });
    await waitForText(page, `#posts-${created.body.data.id} .title`, 'Fresh from Bob, edited');

    expect((await asBob.delete(`/api/v2/posts/${created.body.data.id}`)).status).toBe(204);
    await item.waitFor({ ...WAIT, state: 'detached' });
    expect(await page.evaluate(() => (globalThis as PageGlobals).notReloaded)).toBe(true);
  });

  it('counts a like at once, before the server answers, and keeps the count the server confirms', async () => {
    const post = await buildPost(t.prisma, { authorId: bob.id, title: 'Worth a like' });
    const page = await signedInPage(alice);
    const item = page.locator(`#posts-${post.id}`);
    expect(await item.locator('.likes').textContent()).toBe('0');

    const held = holdNextRequest(page, `**/api/v2/posts/${post.id}/like`);
    await item.locator('.like').click();
    const route = await held;
    expect(await item.locator('.likes').textContent()).toBe('1');
    await route.continue();

    expect(await likeState(item)).toEqual({ count: '1', pressed: 'true', error: '' });
    expect((await t.prisma.post.findUniqueOrThrow({ where: { id: post.id } })).likesCount).toBe(1);
  });

  it('rolls a like back and says why when the server refuses it or cannot be reached', async () => {
    const post = await buildPost(t.prisma, { authorId: bob.id, title: 'Unlucky post', likesCount: 4 });
    const page = await signedInPage(alice);
    const item = page.locator(`#posts-${post.id}`);
    expect(await item.locator('.likes').textContent()).toBe('4');

    let held = holdNextRequest(page, `**/api/v2/posts/${post.id}/like`);
    await item.locator('.like').click();
    let route = await held;
    expect(await item.locator('.likes').textContent()).toBe('5');
    await route.fulfill({
      status: 500,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'internal_error', message: 'Something broke.' } }),
    });
    expect(await likeState(item)).toEqual({
      count: '4',
      pressed: 'false',
      error: 'Could not like: Something broke.',
    });

    held = holdNextRequest(page, `**/api/v2/posts/${post.id}/like`);
    await item.locator('.like').click();
    route = await held;
    expect(await item.locator('.likes').textContent()).toBe('5');
    await route.abort('connectionrefused');
    expect(await likeState(item)).toEqual({
      count: '4',
      pressed: 'false',
      error: 'Could not like: The server could not be reached.',
    });
    expect((await t.prisma.post.findUniqueOrThrow({ where: { id: post.id } })).likesCount).toBe(4);
  });

  it("shows a post's comments and follows them live; signed-in readers comment and report", async () => {
    const post = await buildPost(t.prisma, { authorId: bob.id, title: 'Talk about it' });
    const asBob = t.http.as(await authHeadersFor(t, bob));
    const first = await asBob.post(`/api/v2/posts/${post.id}/comments`, { body: 'First thoughts' });
    const page = await signedInPage(alice);
    const item = page.locator(`#posts-${post.id}`);
    expect(await item.locator('.comments-count').textContent()).toBe('1');

    await item.locator('.toggle-comments').click();
    await waitForText(page, `#comments-${first.body.data.id} .text`, 'First thoughts');
    expect(await item.locator(`#comments-${first.body.data.id} .hide`).isVisible()).toBe(false);

    // Another user's comment arrives without a reload, and the count follows.
    const second = await asBob.post(`/api/v2/posts/${post.id}/comments`, {
      body: 'Second thoughts',
      parent_id: Number(first.body.data.id),
    });
    await waitForText(page, `#comments-${second.body.data.id} .text`, 'Second thoughts');
    expect(await item.locator('.comments-count').textContent()).toBe('2');

    await item.locator('.comment-form input').fill('Alice agrees');
    await item.locator('.comment-form button').click();
    await waitForText(page, `#posts-${post.id} .comment-list li .text`, 'Alice agrees');
    await waitForText(page, `#posts-${post.id} .comments-count`, '3');

    // The parent deleted: it stays as a placeholder for its reply.
    await asBob.delete(`/api/v2/comments/${first.body.data.id}`);
    await waitForText(page, `#comments-${first.body.data.id} .text`, '(deleted)');
    await waitForText(page, `#posts-${post.id} .comments-count`, '2');

    // Reporting posts to the moderation API (POST /api/v2/reports); the answer is held and given here.
    const held = holdNextRequest(page, '**/api/v2/reports');
    await item.locator(`#comments-${second.body.data.id} .report`).click();
    const route = await held;
    expect(route.request().postDataJSON()).toEqual({
      target_type: 'comment',
      target_id: Number(second.body.data.id),
      reason: expect.any(String),
    });
    await route.fulfill({ status: 201, contentType: 'application/json', body: '{}' });
    await waitForText(page, `#comments-${second.body.data.id} .report`, 'Reported');
  });

  it('shows moderators a hide button on comments', async () => {
    const moderator = await buildUser(t.prisma, { role: 'moderator', password: PASSWORD });
    const post = await buildPost(t.prisma, { authorId: bob.id, title: 'Moderated' });
    const comment = await t.http
      .as(await authHeadersFor(t, bob))
      .post(`/api/v2/posts/${post.id}/comments`, { body: 'Borderline' });
    const page = await signedInPage(moderator);

    await page.locator(`#posts-${post.id} .toggle-comments`).click();
    const hide = page.locator(`#comments-${comment.body.data.id} .hide`);
    await hide.waitFor(WAIT);
    expect(await hide.isVisible()).toBe(true);
  });

  it('shows a second signed-in user online in the lobby, their typing and their messages, until they leave', async () => {
    const alicePage = await signedInPage(alice);
    const bobPage = await signedInPage(bob);

    await alicePage.locator(`#online-user-${bob.id}`).waitFor(WAIT);
    expect(await alicePage.locator(`#online-user-${alice.id}`).textContent()).toBe(`${alice.email} (you)`);
    await bobPage.locator(`#online-user-${alice.id}`).waitFor(WAIT);

    await bobPage.locator('#chat-input').pressSequentially('hel');
    await waitForText(alicePage, '#typing', `user ${bob.id} is typing`);
    // The indicator goes away by itself when the typing stops...
    await alicePage.locator('#typing:empty').waitFor(WAIT);

    // ...and at once when the message arrives.
    await bobPage.locator('#chat-input').pressSequentially('lo Alice');
    await waitForText(alicePage, '#typing', `user ${bob.id} is typing`);
    await bobPage.locator('#chat-input').press('Enter');
    await waitForText(alicePage, '#messages li', 'hello Alice');
    expect(await alicePage.locator('#messages li .author').last().textContent()).toBe(`user ${bob.id}`);
    expect(await alicePage.locator('#typing').textContent()).toBe('');
    await waitForText(bobPage, '#messages li', 'hello Alice');

    await bobPage.context().close();
    await alicePage.locator(`#online-user-${bob.id}`).waitFor({ ...WAIT, state: 'detached' });
    expect(await alicePage.locator('#online li').count()).toBe(1);
  });

  it('uploads an image with a progress bar that runs to completion and shows the uploaded file', async () => {
    const page = await signedInPage(alice);
    // Slow the upload down (2 MB/s) so the bar has steps to show between 0 and 100.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 2 * MB,
    });
    await page.evaluate(() => {
      const progress = document.getElementById('upload-progress') as ProgressBar;
      const seen: number[] = [];
      Object.assign(globalThis, { progressSeen: seen });
      new MutationObserver(() => seen.push(progress.value)).observe(progress, { attributes: true });
    });

    await page.setInputFiles('#upload-input', {
      name: 'sunset.png',
      mimeType: 'image/png',
      buffer: pngBytes(3 * MB),
    });
    await page.click('#upload-form button[type=submit]');

    await waitForText(page, '#upload-status', 'Uploaded 1 file.');
    const progress = page.locator('#upload-progress');
    expect(await progress.isVisible()).toBe(true);
    expect(await progress.evaluate((bar: ProgressBar) => [bar.value, bar.max])).toEqual([100, 100]);
    const seen = await page.evaluate(() => (globalThis as PageGlobals).progressSeen ?? []);
    expect(seen.some((value) => value > 0 && value < 100)).toBe(true);
    expect(seen.at(-1)).toBe(100);

    const upload = page.locator('#uploads li', { hasText: 'sunset.png' });
    await upload.waitFor(WAIT);
    await upload.locator('img').evaluate((image: ImageElement) =>
      image.complete && image.naturalWidth > 0
        ? undefined
        : new Promise((resolve, reject) => {
            image.addEventListener('load', () => resolve(undefined));
            image.addEventListener('error', () => reject(new Error(`image failed: ${image.src}`)));
          }),
    );
    expect(await upload.locator('img').evaluate((image: ImageElement) => image.naturalWidth)).toBe(1);
    expect(await t.prisma.upload.count({ where: { ownerId: alice.id, name: 'sunset.png' } })).toBe(1);
  });
});

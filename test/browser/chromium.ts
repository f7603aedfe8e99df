import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

// Headless Chromium for the demo-page tests: where it is, whether to skip, and how to reach a test app by name.

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromiumMissing = !existsSync(CHROMIUM_PATH);

/**
 * `describe`, or `describe.skip` with a warning on a machine without Chromium; under CI=true a missing Chromium
 * fails instead of skipping silently.
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (chromiumMissing && process.env.CI === 'true') {
    it('needs Chromium', () => {
      throw new Error(
        `The browser tests need Chromium at ${CHROMIUM_PATH}, which does not exist: install Debian's "chromium" ` +
          'package (.ci/run does) or point CHROMIUM_PATH at a Chromium binary.',
      );
    });
    return;
  }
  if (chromiumMissing) console.warn(`Skipping ${name}: no Chromium at ${CHROMIUM_PATH}.`);
  (chromiumMissing ? describe.skip : describe)(name, body);
}

/**
 * The browser reaches the app at `publicUrl` (a `.localhost` name: a secure context, and the origin the CSRF check
 * allows), which Chromium's resolver maps to the app's random port.
 */
export function launchChromium(publicUrl: string, appBaseUrl: string): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      `--host-resolver-rules=MAP ${new URL(publicUrl).hostname} 127.0.0.1:${new URL(appBaseUrl).port}`,
    ],
  });
}

/**
 * One Chromium for a test file: `launch()` in beforeAll, `openPage()` in tests, `closePages()` in afterEach (it
 * returns the uncaught exceptions and CSP refusals the pages met, which the assertions would not see; expect none),
 * `close()` in afterAll.
 */
export class BrowserHarness {
  private browser?: Browser;
  private publicUrl = '';
  private contexts: BrowserContext[] = [];
  private problems: string[] = [];

  async launch(publicUrl: string, appBaseUrl: string): Promise<void> {
    this.publicUrl = publicUrl;
    this.browser = await launchChromium(publicUrl, appBaseUrl);
  }

  /** A page in a fresh context (no cookies) whose base URL is the public URL; it has not navigated yet. */
  async openPage(options: { permissions?: string[] } = {}): Promise<{ page: Page; context: BrowserContext }> {
    if (!this.browser) throw new Error('BrowserHarness.openPage() before launch()');
    const context = await this.browser.newContext({ baseURL: this.publicUrl });
    this.contexts.push(context);
    if (options.permissions) await context.grantPermissions(options.permissions, { origin: this.publicUrl });
    const page = await context.newPage();
    page.on('pageerror', (error) => this.problems.push(`uncaught: ${error.message}`));
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) this.problems.push(`CSP: ${message.text()}`);
    });
    return { page, context };
  }

  /** Closes every page opened since the last call; returns the problems they met. */
  async closePages(): Promise<string[]> {
    await Promise.all(this.contexts.map((context) => context.close()));
    const problems = this.problems;
    this.contexts = [];
    this.problems = [];
    return problems;
  }

  async close(): Promise<void> {
    await this.browser?.close();
  }
}

/** Fills the demo page's sign-in form and submits it; what to wait for afterwards is the caller's. */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.fill('#login-email', email);
  await page.fill('#login-password', password);
  await page.click('#login-form button[type=submit]');
}

import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

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
      throw new Error(`The browser tests need Chromium at ${CHROMIUM_PATH} (or CHROMIUM_PATH).`);
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

import chromiumBinary from '@sparticuz/chromium';
import { type Browser, chromium, type Page } from 'playwright-core';

/**
 * A real Chromium for the checks a person would make by eye (the email, the pages), driven by
 * playwright-core. By default the browser that ships inside the npm package
 * @sparticuz/chromium (unpacked to /tmp on first use), so `npm test` needs no apt-get; set
 * CHROMIUM_PATH to use another (a system chromium, or where that binary does not run).
 */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH || (await chromiumBinary.executablePath());
  // Its own Lambda flags are for Lambda; here, the two a container needs.
  return chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
}

/**
 * The whole page as a PNG, for a person to look at. Headless Chromium now and then answers
 * "Unable to capture screenshot" on a loaded machine (it did once in CI, both cores busy): the
 * page is fine, so the capture is tried once more before the test fails.
 */
export async function fullPageShot(page: Page): Promise<Buffer> {
  try {
    return await page.screenshot({ fullPage: true });
  } catch (err) {
    if (!/Unable to capture screenshot/.test((err as Error).message)) throw err;
    return page.screenshot({ fullPage: true });
  }
}

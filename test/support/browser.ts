import chromiumBinary from '@sparticuz/chromium';
import { type Browser, chromium } from 'playwright-core';

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

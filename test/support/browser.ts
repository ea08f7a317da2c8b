// A real headless browser for tests: Debian's chromium driven by playwright-core (which downloads no browser of
// its own). scripts/browser-test.mjs installs chromium when it is missing; CHROMIUM_PATH points elsewhere.
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Headless, without a sandbox (tests run as root in CI), and without anything that would reach the network.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

interface TestLike {
  teardown(fn: () => unknown): void;
}

/** A browser that is closed (with its processes) when the test ends. */
export async function launchBrowser(t: TestLike): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS, headless: true, timeout: 60_000 });
  t.teardown(() => browser.close());
  return browser;
}

/** A new page whose waits fail after timeoutMs, and whose console errors are collected. */
export async function openPage(browser: Browser, timeoutMs = 30_000): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  page.setDefaultTimeout(timeoutMs);
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  return { page, errors };
}

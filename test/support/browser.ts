// A real headless browser for the tests that need one: Debian's chromium (CHROMIUM_PATH elsewhere), driven
// by playwright-core (which downloads no browser of its own), with a fresh profile. It is closed, and the
// profile removed, when the test ends. scripts/browser-test.mjs installs chromium when it is missing.
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Headless, without a sandbox (tests run as root in CI), and quiet and offline: nothing but the page under
// test talks to the network.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const LAUNCH_TIMEOUT_MS = 60_000;

interface TestLike {
  teardown(fn: () => unknown): void;
}

/** A browser (its one context) that is closed with the test. */
export async function launchBrowser(
  t: TestLike,
  viewport = { width: 1400, height: 1000 },
): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), 'vpcep-chromium-'));
  const removeProfile = () => rmSync(profile, { recursive: true, force: true });
  let context: BrowserContext;
  try {
    // The profile is the --user-data-dir; playwright passes it itself.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport,
      timeout: LAUNCH_TIMEOUT_MS,
    });
  } catch (err) {
    removeProfile();
    throw new Error(`chromium (${CHROMIUM}) did not start: ${(err as Error).message}`);
  }
  t.teardown(async () => {
    try {
      await context.close();
    } finally {
      removeProfile();
    }
  });
  return context;
}

/** A new page whose waits fail after timeoutMs, with the errors it reports (console and uncaught). */
export async function openPage(context: BrowserContext, timeoutMs = 30_000): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  page.setDefaultTimeout(timeoutMs);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return { page, errors };
}

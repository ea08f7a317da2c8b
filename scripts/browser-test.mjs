// Browser suite (npm run test:browser): the tap files under test/browser/ (*.browser.ts: Swagger UI and the
// dashboard), driven in Debian's
// chromium by playwright-core. Installs chromium with apt-get when it is missing and this runs as root (as CI
// does); otherwise says how to install it and fails: this suite never skips. Extra arguments go to tap.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './ensure-deps.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function ensureChromium() {
  if (existsSync(chromium)) return;
  if (process.getuid?.() !== 0 || process.env.CHROMIUM_PATH) {
    console.error(`browser: ${chromium} is missing: install chromium (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROMIUM_PATH`);
    process.exit(1);
  }
  console.error('browser: installing Debian\'s chromium (apt-get install -y chromium), once per machine ...');
  const apt = { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
  execFileSync('apt-get', ['update', '-qq'], apt);
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], apt);
}

ensureDeps();
ensureChromium();
const files = readdirSync(join(root, 'test', 'browser'))
  .filter((f) => f.endsWith('.browser.ts'))
  .map((f) => join('test', 'browser', f));
const tap = join(root, 'node_modules', 'tap', 'dist', 'esm', 'run.mjs');
try {
  // Coverage is the unit suite's measure; these files exercise the same code through a browser.
  execFileSync(process.execPath, [tap, '--disable-coverage', '--timeout=240', ...process.argv.slice(2), ...files], { cwd: root, stdio: 'inherit' });
} catch {
  process.exit(1);
}

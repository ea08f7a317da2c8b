// npm run test:ui: the dashboard in a real browser (test/ui/*.browser.ts), with Debian's chromium driven
// by playwright-core. Installs chromium with apt-get when it is missing and this runs as root (as CI
// does); CHROMIUM_PATH points at another build. Arguments go to tap, e.g. --reporter=tap.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

execFileSync(process.execPath, ['scripts/ensure-deps.mjs'], { stdio: 'inherit' });

if (!existsSync(chromium)) {
  if (process.env.CHROMIUM_PATH || process.getuid?.() !== 0 || !onPath('apt-get')) {
    console.error(`test:ui: no chromium at ${chromium}: install it (apt-get install chromium) or set CHROMIUM_PATH`);
    process.exit(1);
  }
  console.error('test:ui: installing chromium with apt-get ...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit', env });
}

// Coverage is npm test's business; this suite covers what only a browser can show. Each file sets its
// own deadlines per step; the file timeout is the last resort.
const tap = spawnSync('npx', ['--no', '--', 'tap', '--disable-coverage', '--timeout=240', ...process.argv.slice(2), 'test/ui/dashboard.browser.ts'], {
  stdio: 'inherit',
});
process.exit(tap.status ?? 1);

function onPath(program) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

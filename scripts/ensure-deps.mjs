// Runs before `npm start` and `npm test`, so that a fresh clone needs no separate install step:
// installs exactly what the lockfile says when node_modules is missing or older than the lockfile.
// better-sqlite3 may have to compile from source, which needs Node's headers: point node-gyp at them
// when nothing else does, so it never tries to download them.
import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

const installed = 'node_modules/.package-lock.json';
const upToDate = existsSync(installed) && statSync(installed).mtimeMs >= statSync('package-lock.json').mtimeMs;

if (!upToDate) {
  const env = { ...process.env };
  if (!env.npm_config_nodedir) {
    const candidates = [dirname(dirname(realpathSync(process.execPath))), '/usr', '/usr/local'];
    const nodedir = candidates.find((prefix) => existsSync(join(prefix, 'include', 'node', 'common.gypi')));
    if (nodedir) env.npm_config_nodedir = nodedir;
  }
  console.error('vpcep-emulator: installing dependencies from package-lock.json ...');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit', env });
}

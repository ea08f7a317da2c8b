// Installs exactly what the lockfile says when node_modules is missing or older than the lockfile, so that
// a fresh clone needs no separate install step. `npm start` (scripts/start.mjs) and `npm test` (pretest) run it.
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installEnv, npmSync } from './lib/npm.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function ensureDeps(root = ROOT) {
  const installed = join(root, 'node_modules', '.package-lock.json');
  const lockfile = join(root, 'package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lockfile).mtimeMs) return;
  const started = Date.now();
  console.error(
    [
      'vpcep-emulator: installing dependencies from package-lock.json (npm ci), once per clone.',
      '  This can take several minutes: better-sqlite3, the native SQLite module, compiles from source when no',
      '  prebuilt binary can be downloaded for this platform (that needs python3, make and a C++ compiler;',
      '  see "First run" in README.md). npm prints little while it compiles.',
    ].join('\n'),
  );
  npmSync(['ci', '--no-audit', '--no-fund'], { cwd: root, env: installEnv() });
  console.error(`vpcep-emulator: dependencies installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) ensureDeps();

// Running npm from the project's scripts. On Windows npm is a .cmd file, which only a shell can start.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const NPM_NEEDS_SHELL = process.platform === 'win32';

/** Runs npm to completion with inherited output; throws when it fails. */
export function npmSync(args, options = {}) {
  return execFileSync('npm', args, { stdio: 'inherit', shell: NPM_NEEDS_SHELL, ...options });
}

/** Starts npm as a child process (its own process group on POSIX, so it can be stopped with its children). */
export function spawnNpm(args, options = {}) {
  return spawn('npm', args, { shell: NPM_NEEDS_SHELL, detached: !NPM_NEEDS_SHELL, ...options });
}

/**
 * The environment for an install that may compile better-sqlite3 from source: node-gyp needs Node's headers and
 * downloads them unless npm_config_nodedir names a prefix whose include/node holds them (/usr on Debian's
 * nodejs, /usr/local in the official Docker images, the install prefix of a nodejs.org tarball).
 */
export function installEnv(env = process.env) {
  if (env.npm_config_nodedir) return env;
  const candidates = [dirname(dirname(realpathSync(process.execPath))), '/usr', '/usr/local'];
  const nodedir = candidates.find((prefix) => existsSync(join(prefix, 'include', 'node', 'common.gypi')));
  return nodedir ? { ...env, npm_config_nodedir: nodedir } : env;
}

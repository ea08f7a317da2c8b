// The built emulator (dist/server.js) as the suite scripts run it: on a free port with an in-memory
// database and the settings a suite gives, its output in a log file, ready once /_emulator/health answers,
// and stopped with SIGTERM, which must end it cleanly (exit code 0) within a few seconds.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.mjs';
import { describeExit } from './run.mjs';

const HEALTH_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/** The environment without variables that would steer the emulator or a client elsewhere. */
export function cleanEnv(prefixes) {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !prefixes.some((p) => key.startsWith(p))));
}

/**
 * Starts dist/server.js in `root` with `settings` (environment variables) over the defaults, and waits for
 * its health. Answers { baseUrl, logFile, stop() }; stop() answers { ok } or { ok: false, how }.
 */
export async function startEmulator(root, settings, { log, label = 'vpcep' } = {}) {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const logFile = join(mkdtempSync(join(tmpdir(), `${label}-`)), 'emulator.log');
  const env = {
    ...cleanEnv(['VPCEP_', 'OS_']),
    PORT: String(port),
    HOST: '127.0.0.1',
    VPCEP_DB: ':memory:',
    LOG_LEVEL: 'info',
    ...settings,
  };
  const shown = Object.entries(settings)
    .filter(([key]) => key.startsWith('VPCEP_') && !/KEYS|USERS|TOKEN/.test(key))
    .map(([key, value]) => `${key}=${value}`);
  log?.(`starting the emulator on ${baseUrl} (${shown.join(', ') || 'defaults'}); log in ${logFile}`);
  const out = createWriteStream(logFile);
  const child = spawn(process.execPath, ['dist/server.js'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  const exited = new Promise((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));
  let exit;
  exited.then((e) => (exit = e));

  const emulator = {
    baseUrl,
    logFile,
    async stop() {
      if (exit) return { ok: false, how: `it had already exited with ${describeExit(exit)}` };
      child.kill('SIGTERM');
      const timer = new Promise((r) => setTimeout(() => r(undefined), STOP_TIMEOUT_MS));
      const result = await Promise.race([exited, timer]);
      if (!result) {
        child.kill('SIGKILL');
        await exited;
        return { ok: false, how: `still running ${STOP_TIMEOUT_MS / 1000}s after SIGTERM, killed` };
      }
      await new Promise((r) => out.end(r));
      return result.code === 0 ? { ok: true } : { ok: false, how: `exited with ${describeExit(result)}` };
    },
  };

  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  for (;;) {
    if (exit) throw new Error(`it exited with ${describeExit(exit)} before answering GET /_emulator/health`);
    try {
      const res = await fetch(`${baseUrl}/_emulator/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await emulator.stop();
      throw new Error(`GET /_emulator/health did not answer 200 within ${HEALTH_TIMEOUT_MS / 1000}s (log: ${logFile})`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  log?.('emulator is healthy');
  return emulator;
}

/** The last lines of a log, each prefixed, through `print`. */
export function printTail(file, print, lines = 40) {
  if (!existsSync(file)) return;
  const tail = readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines);
  print(`last ${tail.length} lines of the emulator log:`);
  for (const line of tail) console.log(`[emulator] ${line}`);
}

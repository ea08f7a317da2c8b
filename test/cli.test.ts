// The command line of the real process: --version, and a seed that cannot load stops the start in one line.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

t.setTimeout(120_000);

/** Runs the server from source (with the loader tap gave this process) and waits for it to end. */
function runToEnd(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [...process.execArgv, join('src', 'server.ts'), ...args], {
    env: { ...process.env, VPCEP_DB: ':memory:', ...env },
    encoding: 'utf8',
    timeout: 60_000,
    killSignal: 'SIGKILL',
  });
}

t.test('--version prints the version and exits 0', async (t) => {
  const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
  const result = runToEnd(['--version']);
  t.equal(result.status, 0);
  t.equal(result.stdout, `${version}\n`);
});

t.test('a seed that cannot load stops the start with one line and exit code 2', async (t) => {
  const seed = join(t.testdir(), 'seed.json');
  writeFileSync(seed, JSON.stringify({ format: 'vpcep-emulator-state', version: 1, endpoint_services: [{ id: 'x' }] }));
  const result = runToEnd(['--port', '0'], { VPCEP_SEED: seed });
  t.equal(result.status, 2);
  t.equal(result.stderr.trim().split('\n').length, 1, 'one line');
  t.match(result.stderr, `vpcep-emulator: cannot start: VPCEP_SEED ${seed}: endpoint_services[0].project_id is required`);
  t.notMatch(result.stderr, /\n\s+at /, 'no stack trace');
});

// Compatibility suite (npm run test:compat): runs every real client, one after the other, each with its
// own toolchain, against a fresh start of the built emulator (a free port, an in-memory database, short
// transitions, and the client's own settings, e.g. strict authentication). A missing toolchain is a
// failure, never a skip.
//
//   npm run test:compat            every client
//   npm run test:compat -- go      only the named ones
//
// Ends with "compat: N passed, N failed" and exit code 0 only when every selected client passed.
import { accessSync, constants, rmSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale, isStale } from './build-if-stale.mjs';
import { cleanEnv, printTail as printLogTail, startEmulator } from './lib/emulator.mjs';
import { run, stopOnInterrupt } from './lib/run.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REGION = 'eu-de';
const DELAY = '1s';

// The Huawei SDK story's two accounts: AK:SK bound to a project each, which strict mode verifies.
const HUAWEI_KEYS =
  'HWOWNER:compat-owner-secret:6e9dfd51d1124e8d8498dce894923a0d,' +
  'HWCONSUMER:compat-consumer-secret:0df25bbc87ff4c62f88c00c2959df9a0';

// gophertelekomcloud's own VPCEP acceptance tests, once in each VPCEP_REFERENCES mode.
const goAcceptance = (references) => ({
  name: `go-acceptance-${references}`,
  description:
    `gophertelekomcloud's acceptance/openstack/vpcep tests, unmodified (module pinned in test/compat/go/go.mod), ` +
    `on a VPC and subnet created first, VPCEP_REFERENCES=${references}`,
  cwd: 'test/compat/go-acceptance',
  requires: ['go', 'bash'],
  commands: [['bash', 'run.sh']],
  timeoutMs: 10 * 60_000,
  emulatorEnv: { VPCEP_REFERENCES: references },
});

// One entry per client. `commands` run in order in `cwd` (argv arrays, no shell); the first that fails
// fails the client. `requires` names the programs that must be on PATH. `timeoutMs` covers all commands,
// including a first download of the client's dependencies. `emulatorEnv` adds settings to the
// emulator's start and `env` variables to the client's.
const clients = [
  {
    name: 'go',
    description: 'gophertelekomcloud (pinned in test/compat/go/go.mod): VPCs, subnets, a load balancer, a service on its VIP port, an endpoint; VPCEP_REFERENCES=known',
    cwd: 'test/compat/go',
    requires: ['go'],
    commands: [['go', 'run', '.']],
    timeoutMs: 10 * 60_000,
    emulatorEnv: { VPCEP_REFERENCES: 'known' },
  },
  {
    name: 'python',
    description: 'python-otcextensions + openstacksdk (pinned in test/compat/python/requirements.txt)',
    cwd: 'test/compat/python',
    requires: ['bash', 'python3'],
    commands: [['bash', 'run.sh']],
    timeoutMs: 10 * 60_000,
  },
  {
    name: 'huawei',
    description: 'Huawei Cloud Python SDK, all 33 VpcepClient methods, AK/SK in strict mode (pinned in test/compat/huawei/requirements.txt)',
    cwd: 'test/compat/huawei',
    requires: ['bash', 'python3'],
    commands: [['bash', 'run.sh']],
    timeoutMs: 10 * 60_000,
    emulatorEnv: { VPCEP_AUTH: 'strict', VPCEP_ACCESS_KEYS: HUAWEI_KEYS },
    env: { COMPAT_HUAWEI_KEYS: HUAWEI_KEYS },
  },
  goAcceptance('any'),
  goAcceptance('known'),
  // The README's testing examples (examples/testing/), run as written.
  {
    name: 'example-go',
    description: 'examples/testing/go: go test with gophertelekomcloud and the test-control API',
    cwd: 'examples/testing/go',
    requires: ['go'],
    commands: [['go', 'test', '-count=1', './...']],
    timeoutMs: 10 * 60_000,
  },
  {
    name: 'example-python',
    description: 'examples/testing/python: unittest with python-otcextensions and the test-control API',
    cwd: 'test/compat/python',
    requires: ['bash', 'python3'],
    commands: [['bash', 'run.sh', join(root, 'examples/testing/python/test_vpcep.py')]],
    timeoutMs: 10 * 60_000,
  },
  {
    name: 'example-node',
    description: 'examples/testing/node: node --test with fetch and the test-control API',
    cwd: 'examples/testing/node',
    requires: [],
    commands: [[process.execPath, '--test', 'vpcep.test.mjs']],
    timeoutMs: 2 * 60_000,
  },
];

const log = (line) => console.log(`compat: ${line}`);

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !clients.some((c) => c.name === name));
  if (unknown.length > 0) {
    log(`unknown client(s): ${unknown.join(', ')}; known: ${clients.map((c) => c.name).join(', ')}`);
    process.exit(2);
  }
  const selected = wanted.length > 0 ? clients.filter((c) => wanted.includes(c.name)) : clients;
  const results = [];

  // Toolchains first, so a missing one is reported before anything slow happens.
  const runnable = [];
  for (const client of selected) {
    const missing = client.requires.filter((program) => !onPath(program));
    if (missing.length > 0) {
      log(`FAIL ${client.name}: required toolchain not found on PATH: ${missing.join(', ')} (install it; this suite never skips)`);
      results.push({ name: client.name, ok: false, why: `missing ${missing.join(', ')}` });
    } else {
      runnable.push(client);
    }
  }

  if (runnable.length > 0) {
    try {
      await prepareEmulator();
    } catch (err) {
      log(`FAIL: the emulator could not be built: ${err.message}`);
      for (const client of runnable) results.push({ name: client.name, ok: false, why: 'emulator not built' });
      return finish(results);
    }
  }
  for (const client of runnable) {
    if (interrupted()) {
      results.push({ name: client.name, ok: false, why: 'not run: interrupted' });
      continue;
    }
    results.push(...(await runAgainstFreshEmulator(client)));
  }
  finish(results);
}

// Starts an emulator with the client's settings, runs the client, stops the emulator: the client's
// result, and a failed shutdown as a result of its own.
async function runAgainstFreshEmulator(client) {
  let emulator;
  try {
    emulator = await startEmulator(root, { VPCEP_DELAY: DELAY, VPCEP_REGION: REGION, ...client.emulatorEnv }, { log, label: 'vpcep-compat' });
  } catch (err) {
    log(`FAIL: the emulator did not start for ${client.name}: ${err.message}`);
    return [{ name: client.name, ok: false, why: 'emulator did not start' }];
  }
  const results = [await runClient(client, emulator)];
  if (!results[0].ok) printTail(emulator.logFile, 20);
  const stopped = await emulator.stop();
  if (!stopped.ok) {
    log(`FAIL: the emulator did not stop cleanly on SIGTERM (${stopped.how}); its log: ${emulator.logFile}`);
    printTail(emulator.logFile);
    results.push({ name: `emulator shutdown after ${client.name}`, ok: false, why: stopped.how });
  }
  if (results.some((r) => !r.ok)) log(`emulator log: ${emulator.logFile}`);
  else rmSync(dirname(emulator.logFile), { recursive: true, force: true });
  return results;
}

function finish(results) {
  console.log('');
  for (const r of results) log(`${r.ok ? 'PASS' : 'FAIL'} ${r.name}${r.why ? ` (${r.why})` : ''}`);
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`compat: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}

// Installs from the lockfile when needed, and builds dist/ unless it is newer than every source.
async function prepareEmulator() {
  await run('node', ['scripts/ensure-deps.mjs'], root);
  if (isStale(root)) log('building the emulator');
  buildIfStale(root);
}

async function runClient(client, emulator) {
  console.log('');
  log(`=== ${client.name}: ${client.description}`);
  const env = cleanEnv(['OS_']);
  Object.assign(env, {
    OS_AUTH_URL: `${emulator.baseUrl}/v3`,
    OS_REGION_NAME: REGION,
    OS_PASSWORD: 'compat-password',
    COMPAT_EMULATOR_URL: emulator.baseUrl,
    VPCEP_EMULATOR: emulator.baseUrl,
    ...client.env,
  });
  const started = Date.now();
  const deadline = started + client.timeoutMs;
  for (const argv of client.commands) {
    log(`${client.name}$ ${argv.join(' ')}`);
    try {
      await run(argv[0], argv.slice(1), join(root, client.cwd), { env, prefix: `[${client.name}] `, deadline });
    } catch (err) {
      log(`FAIL ${client.name}: ${err.message}`);
      return { name: client.name, ok: false, why: err.message };
    }
  }
  log(`PASS ${client.name} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return { name: client.name, ok: true };
}

// Interrupted: end what is running (process groups); the suite stops before its next step.
const interrupted = stopOnInterrupt(log);


const printTail = (file, lines) => printLogTail(file, log, lines);

function onPath(program) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, program), constants.X_OK);
      return true;
    } catch {
      // not here
    }
  }
  return false;
}


await main();

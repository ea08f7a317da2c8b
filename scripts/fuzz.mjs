// Schema fuzzing (npm run test:fuzz): schemathesis (PyPI, pinned in test/fuzz/requirements.txt, installed on
// first use into a git-ignored venv) drives the built emulator from its own /openapi.json. The emulator starts
// with the state of test/fuzz/seed.json, so that generated requests find resources, and an issued token.
// Ends with "fuzz: N passed, N failed" (operations) and exit code 0 only when nothing failed.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from './build-if-stale.mjs';
import { ensureDeps } from './ensure-deps.mjs';
import { printTail, startEmulator } from './lib/emulator.mjs';
import { run, stopOnInterrupt } from './lib/run.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const log = (line) => console.log(`fuzz: ${line}`);
const SEED_PROJECT = 'f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0';
const TIMEOUT_MS = 30 * 60_000;

async function main() {
  ensureDeps();
  buildIfStale(root);
  const emulator = await startEmulator(
    root,
    { VPCEP_DELAY: '0', VPCEP_QUOTA_SERVICES: '100000', VPCEP_QUOTA_ENDPOINTS: '100000', LOG_LEVEL: 'warn' },
    { log, label: 'vpcep-fuzz' },
  );
  let counts = { passed: 0, failed: 1 };
  try {
    await call(emulator.baseUrl, 'PUT', '/_emulator/state', JSON.parse(readFileSync(join(root, 'test/fuzz/seed.json'), 'utf8')));
    const token = await issueToken(emulator.baseUrl);
    const countsFile = join(mkdtempSync(join(tmpdir(), 'vpcep-fuzz-')), 'counts.json');
    try {
      await run('bash', ['test/compat/venv-run.sh', 'test/fuzz', 'test/fuzz/fuzz.py', emulator.baseUrl, token, countsFile], root, {
        deadline: Date.now() + TIMEOUT_MS,
      });
    } finally {
      try {
        counts = JSON.parse(readFileSync(countsFile, 'utf8'));
      } catch {
        // schemathesis did not get as far as a report: counted as one failure
      }
    }
  } catch (err) {
    log(`FAIL: ${err.message}`);
    printTail(emulator.logFile, log, 30);
  } finally {
    const stopped = await emulator.stop();
    if (!stopped.ok) {
      log(`FAIL: the emulator did not stop cleanly (${stopped.how})`);
      counts.failed += 1;
    }
  }
  console.log(`fuzz: ${counts.passed} passed, ${counts.failed} failed`);
  process.exitCode = counts.failed > 0 ? 1 : 0;
}

async function call(base, method, path, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res;
}

/** A project-scoped token for the seeded project: the identity lookups need one the emulator issued. */
async function issueToken(base) {
  const res = await call(base, 'POST', '/v3/auth/tokens', {
    auth: {
      identity: { methods: ['password'], password: { user: { name: 'fuzz', password: 'fuzz', domain: { name: 'fuzz' } } } },
      scope: { project: { id: SEED_PROJECT } },
    },
  });
  return res.headers.get('x-subject-token');
}

stopOnInterrupt(log);
await main();

// Container suite (npm run test:container): builds the production image and checks it in a real container
// engine: it turns healthy, serves the API, keeps its data in the /data volume across a restart, stops with
// exit code 0 on SIGTERM, says in one line why it cannot start on an unwritable bind mount, and the compose
// example (examples/compose) passes. Needs `docker` and `docker compose` or `docker-compose`; here:
//   eval "$(../shared/tools/container-engine up)" && npm run test:container
// Ends with "container: N passed, N failed" and exit code 0 only when every check passed. Everything it
// creates (containers, volumes, the compose project) is removed at the end, also after a failure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './lib/free-port.mjs';
import { run, stopOnInterrupt } from './lib/run.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const IMAGE = 'vpcep-emulator:test';
const COMPOSE_IMAGE = 'vpcep-emulator:local'; // what examples/compose builds; tagged from IMAGE so it is not built twice
const tag = `vpcep-ct-${process.pid}`;
const container = `${tag}-app`;
const volume = `${tag}-data`;
const composeFile = join(root, 'examples', 'compose', 'docker-compose.yml');
const MINUTE = 60_000;
const PROJECT = '6e9dfd51d1124e8d8498dce894923a0d';

const log = (line) => console.log(`container: ${line}`);
const docker = (args, options = {}) =>
  run('docker', args, root, { capture: true, deadline: Date.now() + (options.timeoutMs ?? MINUTE), ...options });

const results = [];
let composeCommand;
let serviceId;

const checks = [
  ['the image builds (multi-stage, offline-capable)', buildImage],
  ['the image runs as node, exposes 9600, keeps /data in a volume, has OCI labels', inspectImage],
  ['a container turns healthy and serves the API', startAndCreate],
  ['the data survives a restart (the /data volume)', restartKeepsData],
  ['SIGTERM stops it with exit code 0', stopCleanly],
  ['an unwritable bind mount is one clear line and exit code 2', unwritableBindMount],
  ['the compose example passes', composeExample],
];

async function main() {
  composeCommand = await findCompose();
  for (const [name, check] of checks) {
    if (interrupted()) break;
    const started = Date.now();
    log(`--- ${name}`);
    try {
      await check();
      results.push({ name, ok: true });
      log(`PASS ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (err) {
      results.push({ name, ok: false, why: err.message });
      log(`FAIL ${name}: ${err.message}`);
      if (name === checks[0][0]) break; // nothing else can run without the image
    }
  }
  await cleanUp();
  console.log('');
  for (const r of results) log(`${r.ok ? 'PASS' : 'FAIL'} ${r.name}${r.why ? ` (${r.why})` : ''}`);
  const passed = results.filter((r) => r.ok).length;
  const failed = checks.length - passed;
  console.log(`container: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

async function findCompose() {
  try {
    await docker(['compose', 'version']);
    return ['docker', 'compose'];
  } catch {
    return ['docker-compose'];
  }
}

async function buildImage() {
  const started = Date.now();
  await run('docker', ['build', '-t', IMAGE, '.'], root, { prefix: '[build] ', deadline: Date.now() + 30 * MINUTE });
  const size = Number((await docker(['image', 'inspect', '--format', '{{.Size}}', IMAGE])).stdout.trim());
  log(`built ${IMAGE} in ${Math.round((Date.now() - started) / 1000)} s; size ${(size / 1e6).toFixed(0)} MB`);
}

async function inspectImage() {
  const config = JSON.parse((await docker(['image', 'inspect', '--format', '{{json .Config}}', IMAGE])).stdout);
  expect(config.User, 'node', 'user');
  expect(Object.keys(config.ExposedPorts ?? {}).join(), '9600/tcp', 'exposed ports');
  expect(config.Env.includes('HOST=0.0.0.0'), true, 'HOST=0.0.0.0');
  expect(config.Labels?.['org.opencontainers.image.title'], 'vpcep-emulator', 'OCI title label');
  expect(Boolean(config.Volumes?.['/data']), true, 'the /data volume');
}

async function startAndCreate() {
  await docker(['volume', 'create', volume]);
  await docker(['run', '-d', '--name', container, '--stop-timeout', '10', '-p', '127.0.0.1::9600', '-v', `${volume}:/data`, IMAGE]);
  // The engine's image inspection may leave the health check out; the container's configuration has it.
  const health = JSON.parse((await docker(['inspect', '--format', '{{json .Config.Healthcheck}}', container])).stdout);
  expect(health?.Test?.slice(0, 2).join(' '), 'CMD node', 'the health check runs node (no curl in the image)');
  const base = await waitHealthy();
  const res = await fetch(`${base}/v1/${PROJECT}/vpc-endpoint-services`, {
    method: 'POST',
    headers: { 'x-auth-token': 'container-test', 'content-type': 'application/json' },
    body: JSON.stringify({
      port_id: '4189d3c2-8882-4871-a3c2-d380272eed88',
      vpc_id: '4189d3c2-8882-4871-a3c2-d380272eed80',
      server_type: 'VM',
      service_name: 'in-a-volume',
      ports: [{ client_port: 8080, server_port: 90, protocol: 'TCP' }],
    }),
  });
  expect(res.status, 200, 'create answer');
  serviceId = (await res.json()).id;
  expect((await fetch(`${base}/_emulator/ui`)).status, 200, 'the dashboard is in the image');
  const logs = await docker(['logs', container]);
  expect(/ready at http:\/\/127\.0\.0\.1:9600 .*database \/data\/vpcep\.db/.test(logs.stdout), true, 'the start-up line');
}

async function restartKeepsData() {
  if (!serviceId) throw new Error('no service was created');
  await docker(['restart', '-t', '10', container], { timeoutMs: 2 * MINUTE });
  const base = await waitHealthy();
  const res = await fetch(`${base}/v1/${PROJECT}/vpc-endpoint-services/${serviceId}`, { headers: { 'x-auth-token': 't' } });
  expect(res.status, 200, 'the service after the restart');
  expect((await res.json()).service_name.split('.')[1], 'in-a-volume', 'its name');
}

async function stopCleanly() {
  await docker(['stop', '-t', '10', container], { timeoutMs: 2 * MINUTE });
  const state = JSON.parse((await docker(['inspect', '--format', '{{json .State}}', container])).stdout);
  expect(state.ExitCode, 0, 'exit code after SIGTERM');
  const logs = await docker(['logs', container]);
  expect(/"signal":"SIGTERM".*shutting down/.test(logs.stdout), true, 'it logged the shutdown');
}

async function unwritableBindMount() {
  const folder = mkdtempSync(join(tmpdir(), 'vpcep-ro-')); // the host's user owns it, mode 700: not the node user's
  const name = `${tag}-ro`;
  try {
    // Run to its end, then read the exit code and the output (an attached `docker run` may not pass the code on).
    await docker(['run', '--name', name, '-v', `${folder}:/data`, IMAGE], { timeoutMs: 2 * MINUTE }).catch(() => undefined);
    const exitCode = Number((await docker(['inspect', '--format', '{{.State.ExitCode}}', name])).stdout.trim());
    expect(exitCode, 2, 'exit code');
    const logs = await docker(['logs', name]);
    const lines = `${logs.stdout}${logs.stderr}`.trim().split('\n');
    expect(lines.length, 1, `one line (${lines.join(' | ')})`);
    expect(/the folder \/data is not writable for user id 1000 .*chown/.test(lines[0]), true, `the message (${lines[0]})`);
    log(lines[0]);
  } finally {
    await docker(['rm', '-f', name]).catch(() => undefined);
    rmSync(folder, { recursive: true, force: true });
  }
}

async function composeExample() {
  await docker(['tag', IMAGE, COMPOSE_IMAGE]);
  const env = { ...process.env, VPCEP_HOST_PORT: String(await freePort()) };
  const output = await run(
    composeCommand[0],
    [...composeCommand.slice(1), '-f', composeFile, '-p', tag, 'up', '--no-build', '--exit-code-from', 'client'],
    root,
    { env, capture: true, deadline: Date.now() + 5 * MINUTE },
  ).catch((err) => {
    throw new Error(`${err.message}\n${err.output?.stdout ?? ''}`);
  });
  expect(/client: scenario passed/.test(output.stdout), true, 'the client reported the scenario');
  for (const line of output.stdout.split('\n').filter((l) => l.includes('client: '))) log(line.trim());
}

async function waitHealthy() {
  const deadline = Date.now() + 2 * MINUTE;
  let status;
  while (Date.now() < deadline) {
    status = (await docker(['inspect', '--format', '{{.State.Health.Status}}', container])).stdout.trim();
    if (status === 'healthy') {
      const port = (await docker(['port', container, '9600/tcp'])).stdout.trim().split('\n')[0].split(':').pop();
      return `http://127.0.0.1:${port}`;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`not healthy within 2 minutes (last: ${status})`);
}

function expect(actual, wanted, what) {
  if (actual !== wanted) throw new Error(`${what}: got ${JSON.stringify(actual)}, wanted ${JSON.stringify(wanted)}`);
}

async function cleanUp() {
  const quietly = (p) => p.catch(() => undefined);
  await quietly(run(composeCommand[0], [...composeCommand.slice(1), '-f', composeFile, '-p', tag, 'down', '-v', '-t', '10'], root, { capture: true, deadline: Date.now() + 2 * MINUTE }));
  await quietly(docker(['rm', '-f', container]));
  await quietly(docker(['volume', 'rm', '-f', volume]));
}

// Interrupted: end what is running (process groups); the suite stops before its next step.
const interrupted = stopOnInterrupt(log);

await main();

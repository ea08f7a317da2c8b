// npm run bench: the emulator measured against a bare Fastify server with the same routes (the ceiling), its
// own operations behind a bare Fastify (the floor), Prism and moto_server (the peers), all in one run on the
// same machine. Every figure is a ratio taken in the same run, or the server's CPU time per request, which
// holds on a busy machine far better than throughput. Prints a table and writes bench/results/latest.json.
//
//   npm run bench                 every figure (several minutes; installs Prism and moto on first use)
//   npm run bench -- --quick      the emulator, bare Fastify and the floor only, a second per figure: a smoke test
//                                 that the harness works and nothing errs (CI runs it; no timing is judged)
//   npm run bench -- --only=ceiling,startup
//                                 only these parts (ceiling, startup, settle, suites, peers), while iterating;
//                                 writes bench/results/partial.json, and judges only the figures taken
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure, round } from './lib/load.mjs';
import { freePort, groupCpuMs, groupRssMb, startGroup, stopAll, waitUntilUp } from './lib/processes.mjs';
import { emulatorCommand, NODE_FLAGS } from '../scripts/node-flags.mjs';
import { installMoto, installPrism, motoRequests } from './peers.mjs';
import { prepareOverdue, TARGETS } from './scenarios.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, '..');
const quick = process.argv.includes('--quick');
const PARTS = ['ceiling', 'startup', 'settle', 'suites', 'peers'];
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const unknownPart = only?.find((part) => !PARTS.includes(part));
if (unknownPart) throw new Error(`--only: no part ${unknownPart}; the parts are ${PARTS.join(', ')}`);
/** Whether a part of the run is taken: all of them, but the peers only in a full run. */
const wanted = (part) => (only ? only.includes(part) : part !== 'peers' || !quick);
const SECONDS = quick ? 1 : 5;
const SCALE = quick ? 500 : 20_000; // services of other projects for the list and memory figures
const BACKLOG = quick ? 2_000 : 100_000; // transitions for the settle figure
const SUITES = quick ? 8 : 64;
const STARTUP_PAIRS = quick ? 1 : 5;
const work = mkdtempSync(join(tmpdir(), 'vpcep-bench-'));
const AUTH = { 'x-auth-token': 'bench', 'content-type': 'application/json' };

const runs = [];
const figures = {};

async function main() {
  await build();
  if (wanted('ceiling')) await ceilingAndScale();
  if (wanted('startup')) await startup();
  if (wanted('settle')) await settling();
  if (wanted('suites')) await parallelSuites();
  if (wanted('peers')) await peers();
  report();
}

/** Starts argv from the package root on a free port (given as PORT) and waits for its health answer. */
async function startServing(argv, env = {}) {
  const port = await freePort();
  const server = startGroup(argv, { cwd: ROOT, port, env: { PORT: String(port), ...env } });
  await waitUntilUp(`${server.base}/_emulator/health`, { server });
  return server;
}

/** The emulator as `npm start` runs it, from dist/. */
function startEmulator(env = {}) {
  return startServing(emulatorCommand(), { HOST: '127.0.0.1', VPCEP_DB: ':memory:', VPCEP_DELAY: '0', ...env });
}

/**
 * The floor: the emulator's own create and GET operations behind a bare Fastify (bench/floor-fastify.mjs).
 * Between it and bare Fastify lies what the operations cost; between the emulator and it, the pipeline.
 */
function startFloor() {
  // With the emulator's Node flags, so that only the code differs.
  return startServing([process.execPath, ...NODE_FLAGS, join(BENCH, 'floor-fastify.mjs')]);
}

function startBare(bodies) {
  const file = join(work, 'bodies.json');
  writeFileSync(file, JSON.stringify(bodies));
  return startServing([process.execPath, join(BENCH, 'bare-fastify.mjs')], { BENCH_BODIES: file });
}

const uuid = () => crypto.randomUUID();
const project = () => uuid().replaceAll('-', '');
const serviceBody = (overrides = {}) => ({
  port_id: uuid(),
  vpc_id: '4189d3c2-8882-4871-a3c2-d380272eed80',
  server_type: 'LB',
  ports: [{ client_port: 80, server_port: 8080 }],
  ...overrides,
});

async function api(base, method, path, body) {
  const res = await fetch(`${base}${path}`, { method, headers: AUTH, body: body && JSON.stringify(body) });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** A create per request, each with a new backend port and a new project (so no quota is reached). */
const createRequests = [
  {
    method: 'POST',
    path: '/',
    setupRequest: (req) => ({ ...req, path: `/v1/${project()}/vpc-endpoint-services`, body: JSON.stringify(serviceBody()) }),
  },
];

function record(server, run) {
  runs.push({ server, ...run });
  return run;
}

async function ceilingAndScale() {
  const ours = await startEmulator();
  const owner = project();
  const services = [];
  for (let i = 0; i < 20; i++) services.push(await api(ours.base, 'POST', `/v1/${owner}/vpc-endpoint-services`, serviceBody()));
  await api(ours.base, 'GET', `/_emulator/wait?id=${services[19].id}&status=available&timeout=30`);
  const one = `/v1/${owner}/vpc-endpoint-services/${services[0].id}`;
  const list = `/v1/${owner}/vpc-endpoint-services?limit=20`;
  const bare = await startBare({ service: await api(ours.base, 'GET', one), list: await api(ours.base, 'GET', list) });
  const floor = await startFloor();
  const floorOne = `/v1/${owner}/vpc-endpoint-services/${(await api(floor.base, 'POST', `/v1/${owner}/vpc-endpoint-services`, serviceBody())).id}`;
  figures.rss_mb_idle = round(groupRssMb(ours.pgid), 1);

  // Interleaved, so that a busy moment of the machine hurts both alike.
  const get = { title: 'GET one service', requests: [{ method: 'GET', path: one }], seconds: SECONDS, headers: AUTH };
  const create = { title: 'create a service', requests: createRequests, seconds: SECONDS, headers: AUTH };
  const oursGet = record('emulator', await measure(ours, get));
  const bareGet = record('bare fastify', await measure(bare, get));
  const floorGet = record('floor', await measure(floor, { ...get, requests: [{ method: 'GET', path: floorOne }] }));
  const listSmall = record('emulator', await measure(ours, { title: 'list 20 (20 in all)', requests: [{ path: list }], seconds: SECONDS, headers: AUTH }));
  const listSmallStatus = record(
    'emulator',
    await measure(ours, { title: 'list 20 by status (20 in all)', requests: [{ path: `${list}&status=available` }], seconds: SECONDS, headers: AUTH }),
  );
  // Services of other projects: the list must not care how many there are.
  record('emulator', await measure(ours, { title: `create ${SCALE} more`, requests: createRequests, amount: SCALE, headers: AUTH }));
  await new Promise((r) => setTimeout(r, 1000));
  figures.rss_mb_20k = round(groupRssMb(ours.pgid), 1);
  const listLarge = record(
    'emulator',
    await measure(ours, { title: `list 20 (${SCALE + 20} in all)`, requests: [{ path: list }], seconds: SECONDS, headers: AUTH }),
  );
  const listLargeStatus = record(
    'emulator',
    await measure(ours, {
      title: `list 20 by status (${SCALE + 20} in all)`,
      requests: [{ path: `${list}&status=available` }],
      seconds: SECONDS,
      headers: AUTH,
    }),
  );
  // The floor's database as large as ours before its creates are measured: an insert's cost grows with it.
  record('floor', await measure(floor, { title: `create ${SCALE} more`, requests: createRequests, amount: SCALE, headers: AUTH }));
  const oursCreate = record('emulator', await measure(ours, create));
  const bareCreate = record('bare fastify', await measure(bare, create));
  const floorCreate = record('floor', await measure(floor, create));

  figures.get_cpu_ratio = round(oursGet.cpu_ms_per_request / bareGet.cpu_ms_per_request);
  figures.get_ratio = round(oursGet.rps / bareGet.rps);
  figures.create_cpu_ratio = round(oursCreate.cpu_ms_per_request / bareCreate.cpu_ms_per_request);
  figures.create_ratio = round(oursCreate.rps / bareCreate.rps);
  figures.get_floor_cpu_ratio = round(floorGet.cpu_ms_per_request / bareGet.cpu_ms_per_request);
  figures.create_floor_cpu_ratio = round(floorCreate.cpu_ms_per_request / bareCreate.cpu_ms_per_request);
  figures.list_scale_ratio = round(listSmall.rps / listLarge.rps);
  figures.list_scale_ratio_status = round(listSmallStatus.rps / listLargeStatus.rps);
  await ours.stop();
  await bare.stop();
  await floor.stop();
}

/** Spawn to the first 200 from /_emulator/health, ours and bare Fastify taking turns. */
async function startup() {
  const times = { emulator: [], bare: [] };
  for (let i = 0; i < STARTUP_PAIRS; i++) {
    for (const which of ['emulator', 'bare']) {
      const since = performance.now();
      const server = which === 'emulator' ? await startEmulator() : await startBare({ service: {}, list: {} });
      times[which].push(performance.now() - since);
      await server.stop();
    }
  }
  figures.startup_ms = round(median(times.emulator), 1);
  figures.startup_bare_ms = round(median(times.bare), 1);
  figures.startup_ratio = round(median(times.emulator) / median(times.bare));
}

/** A backlog that fell due while the emulator was down, and one that is not due yet. */
async function settling() {
  const overdue = join(work, 'overdue.db');
  const lastDue = await prepareOverdue(ROOT, overdue, BACKLOG, -60_000);
  const since = performance.now();
  const server = await startEmulator({ VPCEP_DB: overdue, VPCEP_DELAY: '1m', LOG_LEVEL: 'warn' });
  // Transitions are applied in due order: the backlog is settled when its last one is. One long wait rather
  // than polling /_emulator/info, whose counts read every table each time and cost the server a twentieth
  // of its CPU at 50 polls a second.
  await api(server.base, 'GET', `/_emulator/wait?id=${lastDue}&status=available&timeout=300`);
  figures.settle_100k_s = round((performance.now() - since) / 1000);
  const { counts } = await api(server.base, 'GET', '/_emulator/info');
  if (counts.pending_transitions !== 0) throw new Error(`settle: ${counts.pending_transitions} transitions still pending after the last one`);
  figures.settle_count = BACKLOG;
  await server.stop();

  const later = join(work, 'later.db');
  await prepareOverdue(ROOT, later, BACKLOG, 3_600_000);
  const waiting = await startEmulator({ VPCEP_DB: later, VPCEP_DELAY: '1m', LOG_LEVEL: 'warn' });
  await new Promise((r) => setTimeout(r, 1000));
  const before = groupCpuMs(waiting.pgid);
  const seconds = quick ? 1 : 5;
  await new Promise((r) => setTimeout(r, seconds * 1000));
  figures.idle_cpu_ms_per_s_100k_pending = round((groupCpuMs(waiting.pgid) - before) / seconds);
  await waiting.stop();
}

/** Many test suites at once, each in its own projects, through the whole two-account story. */
async function parallelSuites() {
  const server = await startEmulator({ LOG_LEVEL: 'warn' });
  const latencies = [];
  let errors = 0;
  const timed = async (method, path, body) => {
    const started = performance.now();
    try {
      return await api(server.base, method, path, body);
    } catch (err) {
      errors++;
      throw err;
    } finally {
      latencies.push(performance.now() - started);
    }
  };
  const suite = async () => {
    const [owner, consumer] = [project(), project()];
    const service = await timed('POST', `/v1/${owner}/vpc-endpoint-services`, serviceBody());
    await timed('GET', `/_emulator/wait?id=${service.id}&status=available&timeout=60`);
    await timed('POST', `/v1/${owner}/vpc-endpoint-services/${service.id}/permissions/action`, {
      action: 'add',
      permissions: [`iam:domain::${consumer}`],
    });
    const endpoint = await timed('POST', `/v1/${consumer}/vpc-endpoints`, {
      endpoint_service_id: service.id,
      vpc_id: 'd7b2bf07-1b4c-43fa-bd88-d80c6ebea140',
      subnet_id: '61881173-3899-4981-a700-170253d469b6',
    });
    await timed('GET', `/_emulator/wait?id=${endpoint.id}&status=pendingAcceptance&timeout=60`);
    await timed('POST', `/v1/${owner}/vpc-endpoint-services/${service.id}/connections/action`, {
      action: 'receive',
      endpoints: [endpoint.id],
    });
    await timed('DELETE', `/v1/${consumer}/vpc-endpoints/${endpoint.id}`);
    await timed('DELETE', `/v1/${owner}/vpc-endpoint-services/${service.id}`);
    await timed('GET', `/_emulator/wait?id=${endpoint.id}&status=deleted&timeout=60`);
    await timed('GET', `/_emulator/wait?id=${service.id}&status=deleted&timeout=60`);
  };
  const since = performance.now();
  const outcomes = await Promise.allSettled(Array.from({ length: SUITES }, suite));
  figures.parallel_suites = {
    suites: SUITES,
    failed: outcomes.filter((o) => o.status === 'rejected').length,
    errors,
    total_s: round((performance.now() - since) / 1000),
    calls: latencies.length,
    p99_ms: round(percentile(latencies, 0.99)),
  };
  await server.stop();
}

/** Prism and moto_server; every server is driven with a new connection per request, as moto needs. */
async function peers() {
  const close = { connection: 'close' };
  const ours = await startEmulator({ LOG_LEVEL: 'warn' });
  const owner = project();
  const service = await api(ours.base, 'POST', `/v1/${owner}/vpc-endpoint-services`, serviceBody());
  const one = [{ method: 'GET', path: `/v1/${owner}/vpc-endpoint-services/${service.id}` }];

  const prismPort = await freePort();
  const prism = startGroup(
    [installPrism(BENCH), 'mock', join(ROOT, 'openapi', 'openapi.json'), '--host', '127.0.0.1', '--port', String(prismPort), '--errors', 'false'],
    { cwd: ROOT, port: prismPort },
  );
  await waitUntilUp(`${prism.base}/_emulator/health`, { server: prism });

  const motoPort = await freePort();
  const moto = startGroup([installMoto(BENCH), '-H', '127.0.0.1', '-p', String(motoPort)], { cwd: ROOT, port: motoPort });
  await waitUntilUp(`${moto.base}/moto-api/`, { server: moto });
  const motoOps = await motoRequests(moto.base);

  const options = (title, requests, headers) => ({ title, requests, seconds: SECONDS, headers: { ...headers, ...close } });
  const results = {
    emulator: {
      get: record('emulator', await measure(ours, options('GET one service, connection: close', one, AUTH))),
      create: record('emulator', await measure(ours, options('create, connection: close', createRequests, AUTH))),
    },
    prism: {
      get: record('prism', await measure(prism, options('GET one service, connection: close', one, AUTH))),
      create: record('prism', await measure(prism, options('create, connection: close', createRequests, AUTH))),
    },
    moto: {
      get: record('moto', await measure(moto, options('DescribeVpcEndpointServiceConfigurations, connection: close', motoOps.get, {}))),
      create: record('moto', await measure(moto, options('CreateVpcEndpointServiceConfiguration, connection: close', motoOps.create, {}))),
    },
  };
  figures.moto_ratio = {
    get: round(results.emulator.get.rps / results.moto.get.rps),
    create: round(results.emulator.create.rps / results.moto.create.rps),
  };
  figures.prism_ratio = {
    get: round(results.emulator.get.rps / results.prism.get.rps),
    create: round(results.emulator.create.rps / results.prism.create.rps),
  };
  await Promise.all([ours.stop(), prism.stop(), moto.stop()]);
}

function report() {
  const rows = runs.map((r) => [
    r.server,
    r.title,
    String(r.rps),
    String(r.p50_ms),
    String(r.p99_ms),
    String(r.errors),
    r.cpu_ms_per_request === null ? '-' : String(r.cpu_ms_per_request),
  ]);
  const header = ['server', 'load', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'cpu ms/req'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const row of rows) console.log(line(row));

  const taken = TARGETS.map((target) => ({ ...target, value: target.read(figures) })).filter((t) => t.value !== undefined);
  const verdicts = quick ? [] : taken.map((t) => ({
    figure: t.figure,
    value: t.value,
    target: t.text,
    met: t.met(t.value),
  }));
  console.log('\nfigures:');
  for (const [name, value] of Object.entries(figures)) console.log(`  ${name}: ${JSON.stringify(value)}`);
  if (verdicts.length) {
    console.log('\ntargets:');
    for (const v of verdicts) console.log(`  ${v.met ? 'met    ' : 'NOT MET'} ${v.figure} = ${JSON.stringify(v.value)} (${v.target})`);
  }
  const suites = figures.parallel_suites ?? { errors: 0, failed: 0 };
  const errors = runs.reduce((sum, r) => sum + r.errors, 0) + suites.errors + suites.failed;
  const results = {
    date: new Date().toISOString(),
    quick,
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
    figures,
    targets: verdicts,
    runs,
  };
  mkdirSync(join(BENCH, 'results'), { recursive: true });
  const out = join(BENCH, 'results', quick ? 'quick.json' : only ? 'partial.json' : 'latest.json');
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${out}`);
  // One line in the form the CI script counts: each figure taken is a check that it ran without errors.
  const suiteChecks = figures.parallel_suites ? 1 : 0;
  const failedRuns = runs.filter((r) => r.errors > 0).length + (suites.errors + suites.failed > 0 ? 1 : 0);
  console.log(`bench: ${runs.length + suiteChecks - failedRuns} passed, ${failedRuns} failed (${errors} errors)`);
  if (errors > 0) process.exitCode = 1;
}

async function build() {
  const { buildIfStale } = await import('../scripts/build-if-stale.mjs');
  buildIfStale(ROOT);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

try {
  await main();
} finally {
  // After a failure, the servers a part started and did not get to stop: they run in groups of their own.
  await stopAll();
  rmSync(work, { recursive: true, force: true });
}

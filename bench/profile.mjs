// Where the emulator's CPU goes, for one kind of load: starts dist/server.js under `node --cpu-prof`, drives
// it with autocannon (or only starts it), stops it so that V8 writes the profile, and prints the functions
// with the most self time and the most inclusive time.
//
//   node bench/profile.mjs get        GET of one service, 32 connections, 5 s
//   node bench/profile.mjs create     creates, a new project and backend port each
//   node bench/profile.mjs list       one project's list of 20 services
//   node bench/profile.mjs startup    start-up only: spawn to the first answer of /_emulator/health
//   node bench/profile.mjs settle     100,000 transitions that fell due while the emulator was down
//
// The .cpuprofile stays in bench/results/profiles/ (git-ignored): open it in Chrome DevTools or speedscope
// for the call tree.
import autocannon from 'autocannon';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startGroup, waitUntilUp } from './lib/processes.mjs';
import { emulatorCommand } from '../scripts/node-flags.mjs';
import { prepareOverdue } from './scenarios.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, '..');
const what = process.argv[2] ?? 'get';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const AUTH = { 'x-auth-token': 'bench', 'content-type': 'application/json' };
const uuid = () => crypto.randomUUID();
const project = () => uuid().replaceAll('-', '');
const serviceBody = () =>
  JSON.stringify({
    port_id: uuid(),
    vpc_id: '4189d3c2-8882-4871-a3c2-d380272eed80',
    server_type: 'LB',
    ports: [{ client_port: 80, server_port: 8080 }],
  });

const out = join(BENCH, 'results', 'profiles', what);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'vpcep-profile-'));

const { buildIfStale } = await import('../scripts/build-if-stale.mjs');
buildIfStale(ROOT);
const env = { VPCEP_DB: ':memory:', VPCEP_DELAY: '0' };
if (what === 'settle') {
  env.VPCEP_DB = join(work, 'overdue.db');
  env.VPCEP_DELAY = '1m';
  await prepareOverdue(ROOT, env.VPCEP_DB, 100_000, -60_000);
}
const port = await freePort();
const server = startGroup(emulatorCommand(['--cpu-prof', `--cpu-prof-dir=${out}`]), {
  cwd: ROOT,
  port,
  env: { PORT: String(port), HOST: '127.0.0.1', ...env },
});
try {
  await waitUntilUp(`${server.base}/_emulator/health`, { server });
  await load(server.base);
} finally {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
summarise(join(out, readdirSync(out).find((f) => f.endsWith('.cpuprofile'))));

async function load(base) {
  const post = (path, body) => fetch(`${base}${path}`, { method: 'POST', headers: AUTH, body }).then((r) => r.json());
  const owner = project();
  if (what === 'get' || what === 'list') {
    const services = [];
    for (let i = 0; i < 20; i++) services.push(await post(`/v1/${owner}/vpc-endpoint-services`, serviceBody()));
    const path = what === 'get' ? `/v1/${owner}/vpc-endpoint-services/${services[0].id}` : `/v1/${owner}/vpc-endpoint-services?limit=20`;
    await autocannon({ url: base, connections: 32, duration: SECONDS, headers: AUTH, requests: [{ method: 'GET', path }] });
  } else if (what === 'create') {
    const requests = [
      { method: 'POST', setupRequest: (req) => ({ ...req, path: `/v1/${project()}/vpc-endpoint-services`, body: serviceBody() }) },
    ];
    await autocannon({ url: base, connections: 32, duration: SECONDS, headers: AUTH, requests });
  } else if (what === 'settle') {
    for (;;) {
      const info = await fetch(`${base}/_emulator/info`).then((r) => r.json());
      if (info.counts.pending_transitions === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

/** Self and inclusive time per function (name and place), the top of each. */
function summarise(file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const interval = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length); // ms per sample
  const label = ({ callFrame: f }) =>
    `${f.functionName || '(anonymous)'} ${f.url ? `${f.url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${f.lineNumber + 1}` : ''}`.trim();
  const self = new Map();
  const total = new Map();
  let busy = 0;
  for (const id of profile.samples) {
    const node = byId.get(id);
    const name = label(node);
    if (name === '(idle)') continue;
    busy++;
    self.set(name, (self.get(name) ?? 0) + 1);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const frame = label(byId.get(at));
      if (seen.has(frame)) continue;
      seen.add(frame);
      total.set(frame, (total.get(frame) ?? 0) + 1);
    }
  }
  const top = (map, n) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, hits]) => `  ${((100 * hits) / busy).toFixed(1).padStart(5)}%  ${name}`)
      .join('\n');
  console.log(`${file}\nbusy ${(busy * interval).toFixed(0)} ms of ${(profile.samples.length * interval).toFixed(0)} ms sampled`);
  console.log(`\nself time:\n${top(self, 25)}\n\ninclusive time:\n${top(total, 40)}`);
}

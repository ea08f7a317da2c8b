// The real server process over HTTP: start, serve, race, survive kill -9, stop cleanly on SIGTERM.
import t from 'tap';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PROJECT, serviceBody } from './helper.js';

// Each start compiles the TypeScript sources in the child, which on a busy 2-core machine takes several
// seconds; four starts need more than tap's default 30 s. Every child is killed in a teardown.
t.setTimeout(120_000);

interface Running {
  child: ChildProcess;
  base: string;
  exited: Promise<number | null>;
}

function run(args: string[], env: Record<string, string> = {}) {
  // The same loader flags tap gave this process let the child run the TypeScript source.
  const child = spawn(process.execPath, [...process.execArgv, join('src', 'server.ts'), ...args], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, exited };
}

async function start(t: any, env: Record<string, string>): Promise<Running> {
  const { child, exited } = run(['--port', '0'], env);
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  for await (const line of createInterface({ input: child.stdout! })) {
    const match = /"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/.exec(line);
    if (match) return { child, base: match[1], exited };
  }
  throw new Error('the server did not start');
}

const headers = { 'x-auth-token': 't', 'content-type': 'application/json' };
const services = (base: string) => `${base}/v1/${PROJECT}/vpc-endpoint-services`;

t.test('over HTTP: 20 concurrent conflicting creates give one 200; SIGTERM exits 0', async (t) => {
  const server = await start(t, { VPCEP_DB: ':memory:', VPCEP_DELAY: '50ms' });
  const health = await fetch(`${server.base}/_emulator/health`);
  t.equal(health.status, 200);
  const responses = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      fetch(services(server.base), {
        method: 'POST',
        headers,
        body: JSON.stringify(serviceBody({ ports: [{ client_port: 1000 + i, server_port: 443 }] })),
      }),
    ),
  );
  t.same(responses.map((r) => r.status).sort(), [200, ...Array(19).fill(400)]);
  const winner = (await responses.find((r) => r.status === 200)!.json()) as any;
  let status = winner.status;
  while (status !== 'available') {
    await new Promise((r) => setTimeout(r, 20));
    status = ((await (await fetch(`${services(server.base)}/${winner.id}`, { headers })).json()) as any).status;
  }
  t.equal(status, 'available', 'the lifecycle runs in the real process');

  server.child.kill('SIGTERM');
  t.equal(await server.exited, 0, 'SIGTERM stops the server with exit code 0');
});

t.test('everything answered with a 2xx survives kill -9', async (t) => {
  const db = join(t.testdir(), 'data', 'vpcep.db');
  const first = await start(t, { VPCEP_DB: db, VPCEP_DELAY: 'manual' });
  const response = await fetch(services(first.base), { method: 'POST', headers, body: JSON.stringify(serviceBody()) });
  const created = (await response.json()) as any;
  first.child.kill('SIGKILL');
  await first.exited;

  const second = await start(t, { VPCEP_DB: db, VPCEP_DELAY: 'manual' });
  const res = await fetch(`${services(second.base)}/${created.id}`, { headers });
  t.equal(res.status, 200);
  t.equal(((await res.json()) as any).service_name, created.service_name);
  second.child.kill('SIGINT');
  t.equal(await second.exited, 0, 'SIGINT stops the server with exit code 0');
});

t.test('an invalid setting stops the start with a clear message', async (t) => {
  const { child, exited } = run([], { VPCEP_DELAY: 'tomorrow' });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  t.equal(await exited, 2);
  t.match(stderr, 'VPCEP_DELAY must be a duration');
});

t.test('--help prints the settings and exits 0', async (t) => {
  const { child, exited } = run(['--help']);
  let stdout = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  t.equal(await exited, 0);
  t.match(stdout, 'VPCEP_REGION');
});

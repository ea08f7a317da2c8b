// The real server process over HTTP: start, serve, race, survive kill -9, stop cleanly on SIGTERM.
// Each test has an explicit timeout for a loaded machine; every process is stopped with its test.
import t from 'tap';
import { join } from 'node:path';
import { PROJECT, serviceBody } from './helper.js';
import { createInterface } from 'node:readline';
import { runToEnd, serverCommand, startProcess, startServer, within } from './support/processes.js';

t.setTimeout(240_000);

const headers = { 'x-auth-token': 't', 'content-type': 'application/json' };
const services = (base: string) => `${base}/v1/${PROJECT}/vpc-endpoint-services`;

t.test('over HTTP: 20 concurrent conflicting creates give one 200; SIGTERM exits 0', { timeout: 90_000 }, async (t) => {
  const server = await startServer(t, ['--port', '0'], { env: { VPCEP_DB: ':memory:', VPCEP_DELAY: '50ms' } });
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
  const settled = await fetch(`${server.base}/_emulator/wait?id=${winner.id}&status=available&timeout=30`);
  t.equal(settled.status, 200, 'the lifecycle runs in the real process');

  t.same(await server.stop('SIGTERM'), { code: 0, signal: null }, 'SIGTERM stops the server with exit code 0');
  // Lines leave at the end of their event-loop turn; the one logged just before the exit is written too.
  const last = server.stdout().trim().split('\n').map((line) => JSON.parse(line)).at(-1);
  t.match(last, { msg: 'shutting down', signal: 'SIGTERM' }, 'the last line before the exit is written');
});

t.test('everything answered with a 2xx survives kill -9', { timeout: 120_000 }, async (t) => {
  const db = join(t.testdir(), 'data', 'vpcep.db');
  const first = await startServer(t, ['--port', '0'], { env: { VPCEP_DB: db, VPCEP_DELAY: 'manual' } });
  const response = await fetch(services(first.base), { method: 'POST', headers, body: JSON.stringify(serviceBody()) });
  const created = (await response.json()) as any;
  await first.stop('SIGKILL');

  const second = await startServer(t, ['--port', '0'], { env: { VPCEP_DB: db, VPCEP_DELAY: 'manual' } });
  const res = await fetch(`${services(second.base)}/${created.id}`, { headers });
  t.equal(res.status, 200);
  t.equal(((await res.json()) as any).service_name, created.service_name);
  t.same(await second.stop('SIGINT'), { code: 0, signal: null }, 'SIGINT stops the server with exit code 0');
});

t.test('one start-up line names the URL, the docs, the database, the delay, auth and region', { timeout: 90_000 }, async (t) => {
  const server = await startServer(t, ['--port', '0', '--region', 'eu-nl'], {
    env: { VPCEP_DB: ':memory:', VPCEP_DELAY: '2s', VPCEP_AUTH: 'strict' },
  });
  const { banner } = server;
  t.match(banner, { db: ':memory:', delay: '2s', auth: 'strict', region: 'eu-nl', level: 30 });
  t.equal(banner.docs, `${server.base}/docs`);
  t.match(banner.msg, `ready at ${server.base} (docs ${server.base}/docs), database :memory:, delay 2s, auth strict, region eu-nl`);
  await fetch(`${server.base}/_emulator/health`);
  await fetch(`${server.base}/v1`);
  await server.stop();
  const lines = server.stdout().trim().split('\n').map((line) => JSON.parse(line));
  t.notOk(lines.some((l) => /Server listening/.test(l.msg)), "Fastify's own listening lines are replaced by the banner");
  const requests = lines.filter((l) => l.msg === 'request completed');
  t.same(requests.map((l) => [l.path, l.level]), [['/v1', 30]], 'health checks are logged at debug, not info');
});

t.test('LOG_FORMAT=pretty prints readable lines through pino-pretty', { timeout: 90_000 }, async (t) => {
  const server = startProcess(t, serverCommand(['--port', '0']), {
    env: { VPCEP_DB: ':memory:', LOG_FORMAT: 'pretty', LOG_LEVEL: 'info' },
  });
  const line = await within(
    (async () => {
      for await (const l of createInterface({ input: server.child.stdout! })) if (l.includes('ready at')) return l;
      throw new Error(`no start-up line: ${server.stderr()}`);
    })(),
    60_000,
    'the start-up line',
  );
  t.match(line, /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: vpcep-emulator \S+ ready at http:\/\/127\.0\.0\.1:\d+ \(docs /);
  const base = /ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(line)![1];
  await fetch(`${base}/v1`);
  await server.stop('SIGTERM');
  t.match(server.stdout(), /\] INFO: GET \/v1 200 [\d.]+ ms \{"request_id":"[0-9a-f-]+"\}\n/, 'a request is one readable line');
});

t.test('an invalid setting stops the start with a clear message', { timeout: 60_000 }, async (t) => {
  const run = await runToEnd(t, serverCommand([]), { env: { VPCEP_DELAY: 'tomorrow' }, timeoutMs: 60_000 });
  t.equal(run.code, 2);
  t.match(run.stderr, 'VPCEP_DELAY must be a duration');
});

t.test('--help prints the settings and exits 0', { timeout: 60_000 }, async (t) => {
  const run = await runToEnd(t, serverCommand(['--help']), { timeoutMs: 60_000 });
  t.equal(run.code, 0);
  t.match(run.stdout, 'VPCEP_REGION');
  t.match(run.stdout, 'LOG_FORMAT');
});

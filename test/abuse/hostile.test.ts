// Hostile and careless input: malformed HTTP, oversized and strange bodies, SQL-looking text, long URLs and
// headers, thousands of idle connections and slow clients. The server answers in the API's format, never
// with a stack trace, SQL or a path of its own, and keeps serving everyone else.
import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import { PROJECT, build, call, createService, serviceBody } from '../helper.js';
import { startServer } from '../support/processes.js';
import { idleConnection, rawRequest } from '../support/raw-http.js';

const SERVICES = `/v1/${PROJECT}/vpc-endpoint-services`;

t.setTimeout(300_000);


/** Nothing of the server's insides: no stack frame, no SQL, no file of ours (an echo of what was sent aside). */
function revealsNothing(t: Test, answer: string, what: string, sent = '') {
  const text = sent ? answer.replaceAll(JSON.stringify(sent).slice(1, -1), '') : answer;
  t.notMatch(text, /\n\s+at \S/, `${what}: no stack trace`);
  t.notMatch(text, /\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|SQLITE_)\b/, `${what}: no SQL`);
  t.notMatch(text, /\/(work|src|dist|node_modules|home|root)\//, `${what}: no file path`);
}

async function listening(t: Test, config = {}) {
  const app = await build(t, config);
  return { app, base: await app.listen({ port: 0, host: '127.0.0.1' }) };
}

t.test('malformed HTTP gets an answer in the API format, Keystone\'s under /v3', async (t) => {
  const { base } = await listening(t);
  const cases: [string, string, number, RegExp][] = [
    ['a 0xff byte in the query', `GET ${SERVICES}?x=\xff HTTP/1.1\r\nHost: a\r\n\r\n`, 400, /URL has a character/],
    ['a 0xff byte in the path', `GET ${SERVICES}\xff HTTP/1.1\r\nHost: a\r\n\r\n`, 400, /URL has a character/],
    [
      'Content-Length with Transfer-Encoding',
      `POST ${SERVICES} HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      400,
      /sent together with Content-Length/,
    ],
    [
      'a malformed chunk',
      `POST ${SERVICES} HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
      400,
      /chunked body is malformed/,
    ],
    ['headers too large', `GET ${SERVICES} HTTP/1.1\r\nHost: a\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, /headers are too large/],
    ['a URL too long', `GET ${SERVICES}?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: a\r\n\r\n`, 431, /too large/],
  ];
  for (const [what, request, status, message] of cases) {
    const answer = await rawRequest(base, Buffer.from(request, 'latin1'));
    t.equal(answer.status, status, what);
    t.match(JSON.parse(answer.body), { error_code: 'EndPoint.0002', error_msg: message }, what);
    revealsNothing(t, answer.body, what);
  }
  const keystone = await rawRequest(base, Buffer.from('GET /v3/\xff HTTP/1.1\r\nHost: a\r\n\r\n', 'latin1'));
  t.match(JSON.parse(keystone.body), { error: { code: 400, title: 'Bad Request', message: /URL has a character/ } });
  t.equal((await fetch(`${base}/_emulator/health`)).status, 200, 'and the server serves on');
});

t.test('malformed HTTP under the VPC API and Neutron gets an answer in their formats', async (t) => {
  const { base } = await listening(t);
  const raw = (request: string) => rawRequest(base, Buffer.from(request, 'latin1'));
  const vpc = await raw(`GET /v1/${PROJECT}/vpcs/\xff HTTP/1.1\r\nHost: a\r\n\r\n`);
  t.equal(vpc.status, 400);
  t.match(JSON.parse(vpc.body), { code: 'VPC.0101', message: /^Param is invalid: .*URL has a character/ });
  const neutron = await raw('GET /v2.0/lbaas/loadbalancers?x=\xff HTTP/1.1\r\nHost: a\r\n\r\n');
  t.equal(neutron.status, 400);
  t.match(JSON.parse(neutron.body), { NeutronError: { type: 'HTTPBadRequest', message: /URL has a character/, detail: '' } });
  const big = await raw(`GET /v2.0/lbaas/loadbalancers HTTP/1.1\r\nHost: a\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
  t.equal(big.status, 431);
  t.match(JSON.parse(big.body), { NeutronError: { type: 'HTTPRequestHeaderFieldsTooLarge', message: /headers are too large/ } });
  for (const answer of [vpc, neutron, big]) revealsNothing(t, answer.body, 'a companion API');
});

t.test('a body over VPCEP_BODY_LIMIT is 413 in the API format', async (t) => {
  const { base } = await listening(t, { bodyLimit: 2048 });
  const body = JSON.stringify(serviceBody({ description: 'x'.repeat(3000) }));
  const headers = { 'x-auth-token': 't', 'content-type': 'application/json' };
  const vpcep = await fetch(`${base}${SERVICES}`, { method: 'POST', headers, body });
  t.equal(vpcep.status, 413);
  t.match(await vpcep.json(), { error_code: 'EndPoint.0002', error_msg: /larger than VPCEP_BODY_LIMIT/ });
  const keystone = await fetch(`${base}/v3/auth/tokens`, { method: 'POST', headers, body });
  t.equal(keystone.status, 413);
  t.match(await keystone.json(), { error: { code: 413, title: 'Payload Too Large' } });
  const small = await fetch(`${base}${SERVICES}`, { method: 'POST', headers, body: JSON.stringify(serviceBody()) });
  t.equal(small.status, 200, 'a body under the limit is served');
});

t.test('deep nesting, huge arrays, invalid UTF-8, prototype keys: a 4xx in the API format or a clean 200', async (t) => {
  const { app } = await listening(t);
  const deep = `{"port_id":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
  const bodies: [string, string | Buffer][] = [
    ['nesting 10,000 deep', deep],
    ['nesting 10,000 deep in an unknown field', `{"x":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)},"ports":[]}`],
    ['100,000 port mappings', JSON.stringify(serviceBody({ ports: Array.from({ length: 100_000 }, () => ({ client_port: 1, server_port: 1 })) }))],
    ['invalid UTF-8', Buffer.concat([Buffer.from('{"port_id":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')])],
    ['__proto__ and constructor', JSON.stringify({ ...serviceBody(), __proto__: { admin: true }, constructor: { prototype: { x: 1 } } }).replace('"admin"', '"admin"')],
    ['a literal __proto__ key', `{"__proto__":{"polluted":true},${JSON.stringify(serviceBody()).slice(1)}`],
  ];
  for (const [what, payload] of bodies) {
    const res = await app.inject({
      method: 'POST',
      url: SERVICES,
      headers: { 'x-auth-token': 't', 'content-type': 'application/json' },
      payload,
    });
    t.ok(res.statusCode < 500, `${what}: ${res.statusCode}`);
    if (res.statusCode >= 400) t.match(res.json(), { error_code: /^EndPoint\.\d{4}$/, error_msg: /\S/ }, what);
    revealsNothing(t, res.body, what);
  }
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype was polluted');
  t.equal(({} as Record<string, unknown>).admin, undefined);
});

t.test('SQL-looking text in every string field and query parameter is only ever text', async (t) => {
  const { app } = await listening(t);
  const sql = ["'; DROP TABLE endpoint_services; --", "' OR '1'='1", '1); DELETE FROM service_ports; --', '%_\\'];
  const service = await createService(app, { description: sql[0].replace(/[<>]/g, ''), tags: [{ key: 'k', value: 'v' }] });
  t.equal(service.description, sql[0], 'stored as it was sent');
  for (const text of sql) {
    for (const field of ['port_id', 'vpc_id', 'service_name', 'description', 'pool_id', 'enterprise_project_id', 'server_type']) {
      const res = await call(app, 'POST', '/vpc-endpoint-services', serviceBody({ [field]: text, ports: [{ client_port: 9, server_port: 9 }] }));
      t.ok(res.status === 200 || res.status === 400, `${field} = ${text}: ${res.status}`);
      revealsNothing(t, JSON.stringify(res.body), field, text);
    }
    for (const param of ['endpoint_service_name', 'id', 'status', 'sort_key', 'sort_dir', 'limit', 'offset']) {
      const res = await call(app, 'GET', `/vpc-endpoint-services?${param}=${encodeURIComponent(text)}`);
      t.ok(res.status === 200 || res.status === 400, `?${param}=${text}: ${res.status}`);
      if (res.status === 200) t.equal(res.body.total_count, 0, `?${param}=${text} matched nothing`);
      revealsNothing(t, JSON.stringify(res.body), param, text);
    }
    const byId = await call(app, 'GET', `/vpc-endpoint-services/${encodeURIComponent(text)}`);
    t.equal(byId.status, 404, `an id of ${text}`);
  }
  const list = await call(app, 'GET', '/vpc-endpoint-services?limit=1000');
  t.ok(list.body.total_count >= 1, 'the table is still there');
  t.ok(list.body.endpoint_services.some((s: any) => s.id === service.id));
});

t.test('a Host header that is not host[:port] is not echoed into links', async (t) => {
  const { base } = await listening(t);
  const { port } = new URL(base);
  const answer = await rawRequest(base, `GET /v1 HTTP/1.1\r\nHost: evil.example/<script>\r\nConnection: close\r\n\r\n`);
  t.equal(answer.status, 200);
  const href = JSON.parse(answer.body).version.links[0].href;
  t.equal(href, `http://127.0.0.1:${port}/v1`, 'the listening address instead');
  const good = await rawRequest(base, 'GET /v1 HTTP/1.1\r\nHost: vpcep:9600\r\nConnection: close\r\n\r\n');
  t.equal(JSON.parse(good.body).version.links[0].href, 'http://vpcep:9600/v1', 'a proper host is kept');
});

t.test('2,000 idle connections and slow clients: the server stays healthy and memory returns', async (t) => {
  const server = await startServer(t, ['--port', '0'], {
    env: { VPCEP_DB: ':memory:' },
    readyMs: 150_000,
  });
  const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))![1]) / 1024;
  const healthy = async () => {
    const started = Date.now();
    const res = await fetch(`${server.base}/_emulator/health`, { signal: AbortSignal.timeout(10_000) });
    return { status: res.status, ms: Date.now() - started };
  };
  await healthy();
  const before = rssMb();

  const idle = await Promise.all(Array.from({ length: 2000 }, () => idleConnection(server.base)));
  // Slow clients: each sends its request line and then a byte now and then, never finishing the headers.
  const slow = await Promise.all(Array.from({ length: 50 }, () => idleConnection(server.base)));
  for (const socket of slow) socket.write(`GET ${SERVICES} HTTP/1.1\r\nHost: a\r\nX-Slow: `);
  const drip = setInterval(() => slow.forEach((s) => s.write('a')), 200);
  t.teardown(() => clearInterval(drip));

  const during = await healthy();
  t.equal(during.status, 200, 'health answers while 2,050 connections are open');
  t.ok(during.ms < 5000, `and answers quickly (${during.ms} ms)`);
  const created = await fetch(`${server.base}${SERVICES}`, {
    method: 'POST',
    headers: { 'x-auth-token': 't', 'content-type': 'application/json' },
    body: JSON.stringify(serviceBody()),
    signal: AbortSignal.timeout(10_000),
  });
  t.equal(created.status, 200, 'a normal request is served');

  clearInterval(drip);
  for (const socket of [...idle, ...slow]) socket.destroy();
  await new Promise((resolve) => setTimeout(resolve, 2000));
  t.equal((await healthy()).status, 200);
  const after = rssMb();
  t.ok(after < before + 64, `memory returns near its level (${before.toFixed(0)} MB before, ${after.toFixed(0)} MB after)`);
  t.equal((await server.stop('SIGTERM')).code, 0, 'and it still stops cleanly');
});

// What every request gets: credentials check, the API's error format, request ids, tolerant JSON bodies.
import t from 'tap';
import { pino } from 'pino';
import type { FastifyError } from 'fastify';
import { buildApp } from '../src/app.js';
import { toApiError } from '../src/http/errors.js';
import { AUTH, PROJECT, build, call, createService, serviceBody, testConfig } from './helper.js';

const SERVICES = `/v1/${PROJECT}/vpc-endpoint-services`;

t.test('the /v1 API needs credentials', async (t) => {
  const app = await build(t);
  const cases: [string, Record<string, string>, number][] = [
    ['no header', {}, 401],
    ['an empty token', { 'x-auth-token': ' ' }, 401],
    ['another scheme', { authorization: 'Bearer abc' }, 401],
    ['a token', { 'x-auth-token': 'anything' }, 200],
    ['an AK/SK signature', { authorization: 'SDK-HMAC-SHA256 Access=ak, SignedHeaders=host, Signature=x' }, 200],
  ];
  for (const [name, headers, status] of cases) {
    const res = await app.inject({ method: 'GET', url: SERVICES, headers });
    t.equal(res.statusCode, status, name);
    if (status === 401) {
      t.same(Object.keys(res.json()), ['error_code', 'error_msg']);
      t.equal(res.json().error_code, 'EndPoint.0003');
      t.match(res.json().error_msg, 'X-Auth-Token');
    }
  }
  const health = await app.inject({ method: 'GET', url: '/_emulator/health' });
  t.equal(health.statusCode, 200, 'health needs no credentials');
  t.same(health.json(), { status: 'ok', region: 'eu-de' });
});

t.test('unknown paths and ids answer 404 in the API format', async (t) => {
  const app = await build(t);
  const route = await app.inject({ method: 'GET', url: '/v1/nope?limit=1', headers: AUTH });
  t.equal(route.statusCode, 404);
  t.same(route.json(), {
    error_code: 'EndPoint.0005',
    error_msg: 'No such operation: the API has no GET /v1/nope',
  });
  t.notOk('allow' in route.headers, 'no Allow header for a path the API does not have');
  for (const id of ['4189d3c2-8882-4871-a3c2-d380272eed83', 'eu-de.name.4189d3c2', 'not-a-uuid']) {
    const res = await call(app, 'GET', `/vpc-endpoint-services/${id}`);
    t.equal(res.status, 404, id);
    t.equal(res.body.error_code, 'EndPoint.0005');
    t.match(res.body.error_msg, id);
  }
  const badProject = await call(app, 'GET', '/vpc-endpoint-services', undefined, 'bad.project');
  t.equal(badProject.status, 400);
  t.equal(badProject.body.error_code, 'EndPoint.0014');
});

t.test('every response carries a request id; a given one is kept', async (t) => {
  const app = await build(t);
  const generated = await app.inject({ method: 'GET', url: SERVICES, headers: AUTH });
  t.match(generated.headers['x-request-id'], /^[0-9a-f-]{36}$/);
  const failed = await app.inject({ method: 'GET', url: SERVICES });
  t.match(failed.headers['x-request-id'], /^[0-9a-f-]{36}$/, 'errors too');
  const given = await app.inject({ method: 'GET', url: SERVICES, headers: { ...AUTH, 'x-request-id': 'trace-42' } });
  t.equal(given.headers['x-request-id'], 'trace-42');
});

t.test('one JSON log line per request with method, path, status, duration, project and request id', async (t) => {
  const lines: any[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const app = await buildApp({ config: testConfig({ logLevel: 'info' }), logger });
  t.teardown(() => app.close());
  const res = await app.inject({ method: 'GET', url: `${SERVICES}?limit=1`, headers: AUTH });
  const entries = lines.filter((l) => l.msg === 'request completed');
  t.equal(entries.length, 1);
  t.match(entries[0], {
    method: 'GET',
    path: SERVICES,
    status: 200,
    duration_ms: Number,
    project: PROJECT,
    request_id: res.headers['x-request-id'],
  });
});

t.test('an unexpected failure is a 500 EndPoint.0001 without the stack, which goes to the log', async (t) => {
  const lines: string[] = [];
  const logger = pino({ level: 'error' }, { write: (line: string) => void lines.push(line) });
  const app = await buildApp({ config: testConfig(), logger });
  t.teardown(() => app.close());
  app.get('/explode', async () => {
    throw new Error('secret internal detail');
  });
  const res = await app.inject({ method: 'GET', url: '/explode' });
  t.equal(res.statusCode, 500);
  t.same(res.json(), { error_code: 'EndPoint.0001', error_msg: 'System error. Please retry.' });
  t.notMatch(res.body, 'secret');
  const logged = lines.map((line) => JSON.parse(line));
  t.equal(logged.length, 1, 'one line, at error level');
  t.match(logged[0], { level: 50, msg: 'request failed unexpectedly', err: { message: 'secret internal detail', stack: /Error: secret/ } });

  const notFound = await app.inject({ method: 'GET', url: '/v1/nothing', headers: AUTH });
  t.equal(notFound.statusCode, 404);
  t.equal(lines.length, 1, "a client's mistake is not logged as a failure");
});

t.test("Fastify's own errors: a 4xx keeps its status class and message, anything else is a plain 500", async (t) => {
  const failure = (statusCode: number | undefined) => Object.assign(new Error('what Fastify says'), { statusCode }) as FastifyError;
  for (const status of [400, 415, 499]) {
    const answer = toApiError(failure(status));
    t.same([answer.status, answer.code], [400, 'EndPoint.0002'], `${status}`);
    t.match(answer.message, 'what Fastify says');
  }
  for (const status of [399, 500, 503, undefined]) {
    const answer = toApiError(failure(status));
    t.same([answer.status, answer.code], [500, 'EndPoint.0001'], `${status}`);
    t.notMatch(answer.message, 'what Fastify says', 'nothing of an internal message');
  }
});

t.test('JSON bodies: empty with a JSON content type is no body; malformed is a 400', async (t) => {
  const app = await build(t);
  const service = await createService(app);
  const json = { ...AUTH, 'content-type': 'application/json' };
  const get = await app.inject({ method: 'GET', url: `${SERVICES}/${service.id}`, headers: json, payload: '' });
  t.equal(get.statusCode, 200, 'GET with Content-Type and no body');
  const del = await app.inject({ method: 'DELETE', url: `${SERVICES}/${service.id}`, headers: json, payload: '' });
  t.equal(del.statusCode, 204, 'DELETE with Content-Type and no body');
  t.equal(del.body, '');
  t.equal(del.headers['content-type'], 'application/json', 'a 204 is labelled JSON for the Huawei SDK cores');

  const malformed = await app.inject({ method: 'POST', url: SERVICES, headers: json, payload: '{"port_id": ' });
  t.equal(malformed.statusCode, 400);
  t.equal(malformed.json().error_code, 'EndPoint.0002');
  t.match(malformed.json().error_msg, 'not valid JSON');
  const empty = await app.inject({ method: 'POST', url: SERVICES, headers: json, payload: '' });
  t.equal(empty.statusCode, 400);
  t.match(empty.json().error_msg, 'the request body is required');
  const array = await app.inject({ method: 'POST', url: SERVICES, headers: json, payload: '[]' });
  t.match(array.json().error_msg, 'the request body must be an object, not an array');
  const nullField = await app.inject({ method: 'POST', url: SERVICES, headers: json, payload: JSON.stringify(serviceBody({ port_id: null })) });
  t.match(nullField.json().error_msg, 'port_id must be a string, not null', 'null has no article');
  const charset = await app.inject({
    method: 'POST',
    url: SERVICES,
    headers: { ...AUTH, 'content-type': 'application/json;charset=UTF-8' },
    payload: JSON.stringify(serviceBody({ port_id: 'x' })),
  });
  t.equal(charset.json().error_code, 'EndPoint.3063', 'a charset parameter is fine');
  const form = await app.inject({
    method: 'POST',
    url: SERVICES,
    headers: { ...AUTH, 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'a=b',
  });
  t.equal(form.statusCode, 400);
  t.equal(form.json().error_code, 'EndPoint.0002');
  t.match(form.json().error_msg, 'Unsupported Media Type');
});

t.test('a malformed URL is a 400 in the format of the API it addresses', async (t) => {
  const app = await build(t);
  const v1 = await app.inject({ method: 'GET', url: '/v1/%zz/vpc-endpoint-services', headers: AUTH });
  t.equal(v1.statusCode, 400);
  t.equal(v1.json().error_code, 'EndPoint.0002');
  t.match(v1.json().error_msg, 'the request URL is malformed');
  const v1WithV3 = await app.inject({ method: 'GET', url: '/v1/%zz/v3/projects', headers: AUTH });
  t.equal(v1WithV3.json().error_code, 'EndPoint.0002', 'only a path that starts with /v3 is the identity API');
  const v3x = await app.inject({ method: 'GET', url: '/v3x/%zz', headers: AUTH });
  t.equal(v3x.json().error_code, 'EndPoint.0002', '/v3 must be a whole path segment');
  const v3 = await app.inject({ method: 'GET', url: '/v3/%E0%A4%A' });
  t.equal(v3.statusCode, 400);
  t.match(v3.json(), { error: { code: 400, title: 'Bad Request', message: /the request URL is malformed/ } });
  const vpc = await app.inject({ method: 'GET', url: `/v1/${PROJECT}/vpcs/%zz`, headers: AUTH });
  t.equal(vpc.statusCode, 400);
  t.same(Object.keys(vpc.json()), ['code', 'message'], 'the VPC API format');
  t.match(vpc.json(), { code: 'VPC.0101', message: /^Param is invalid: the request URL is malformed/ });
  const neutron = await app.inject({ method: 'GET', url: '/v2.0/lbaas/loadbalancers/%zz', headers: AUTH });
  t.equal(neutron.statusCode, 400);
  t.same(Object.keys(neutron.json()), ['NeutronError'], "Neutron's format");
  t.match(neutron.json(), { NeutronError: { type: 'HTTPBadRequest', message: /^the request URL is malformed/, detail: '' } });
});

t.test('only JSON bodies are taken; __proto__ keys are ignored like any unknown field', async (t) => {
  const app = await build(t);
  const text = await app.inject({
    method: 'POST',
    url: SERVICES,
    headers: { ...AUTH, 'content-type': 'text/plain' },
    payload: JSON.stringify(serviceBody()),
  });
  t.equal(text.statusCode, 400);
  t.equal(text.json().error_code, 'EndPoint.0002');
  t.match(text.json().error_msg, 'Unsupported Media Type');
  const proto = await app.inject({
    method: 'POST',
    url: SERVICES,
    headers: { ...AUTH, 'content-type': 'application/json' },
    payload: JSON.stringify(serviceBody()).replace('{', '{"__proto__":{"polluted":true},'),
  });
  t.equal(proto.statusCode, 200);
  t.equal(({} as any).polluted, undefined, 'no prototype was touched');
});

t.test('the OpenAPI document and Swagger UI are served', async (t) => {
  const app = await build(t);
  const doc = await app.inject({ method: 'GET', url: '/openapi.json' });
  t.equal(doc.statusCode, 200);
  t.equal(doc.json().openapi, '3.0.3');
  t.ok(doc.json().paths['/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}']);
  const ui = await app.inject({ method: 'GET', url: '/docs' });
  t.ok([200, 302].includes(ui.statusCode), `Swagger UI answers ${ui.statusCode}`);
});

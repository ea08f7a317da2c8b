// Fault rules answer or delay the requests they name; the journal shows what was sent and answered.
import t from 'tap';
import { PROJECT, OTHER_PROJECT, build, call, createService, serviceBody } from '../helper.js';
import { control } from '../support/control.js';

const SERVICES = '/v1/*/vpc-endpoint-services';
const putRules = (app: any, rules: unknown[]) => control(app, 'PUT', '/faults', { rules });
const journal = async (app: any, query = '') => (await control(app, 'GET', `/requests${query}`)).body.requests;

t.test('a rule with times: 1 answers once in the API format, then the request is served', async (t) => {
  const app = await build(t);
  const rules = await putRules(app, [
    { method: 'POST', path: SERVICES, times: 1, status: 500, error_code: 'EndPoint.0001', error_msg: 'System error. Please retry.' },
  ]);
  t.equal(rules.status, 200);
  t.match(rules.body.rules, [{ remaining: 1, fired: 0 }]);
  const faulted = await call(app, 'POST', '/vpc-endpoint-services', serviceBody());
  t.equal(faulted.status, 500);
  t.same(faulted.body, { error_code: 'EndPoint.0001', error_msg: 'System error. Please retry.' });
  t.equal((await call(app, 'GET', '/vpc-endpoint-services')).body.total_count, 0, 'nothing was created');
  t.equal((await call(app, 'POST', '/vpc-endpoint-services', serviceBody())).status, 200, 'the next one is served');
  t.match((await control(app, 'GET', '/faults')).body.rules, [{ remaining: 0, fired: 1 }]);
  const [served, fault] = await journal(app, '?operation=CreateEndpointService');
  t.match(fault, { status: 500, error_code: 'EndPoint.0001', fault: true, operation: 'CreateEndpointService' });
  t.match(served, { status: 200, error_code: null, fault: false });
});

t.test('probability 0 never fires; rules match on method, path, operation and project', async (t) => {
  const app = await build(t);
  const service = await createService(app);
  await putRules(app, [
    { path: '/v1/**', probability: 0, status: 503, error_code: 'EndPoint.0001', error_msg: 'never' },
    { operation: 'ListServiceDetails', project: OTHER_PROJECT, status: 429, error_code: 'EndPoint.0022', error_msg: 'slow down' },
    { method: 'DELETE', path: '/v1/*/vpc-endpoint-services/*', status: 403, error_code: 'EndPoint.0004', error_msg: 'no' },
  ]);
  for (let i = 0; i < 20; i++) t.equal((await call(app, 'GET', '/vpc-endpoint-services')).status, 200);
  t.equal((await call(app, 'GET', `/vpc-endpoint-services/${service.id}`)).status, 200, 'another project');
  const throttled = await call(app, 'GET', `/vpc-endpoint-services/${service.id}`, undefined, OTHER_PROJECT);
  t.same([throttled.status, throttled.body.error_code], [429, 'EndPoint.0022']);
  t.equal((await call(app, 'DELETE', `/vpc-endpoint-services/${service.id}`)).status, 403);
  t.equal((await call(app, 'GET', `/vpc-endpoint-services/${service.id}`)).body.status, 'creating', 'not deleted');
  t.match((await control(app, 'GET', '/faults')).body.rules, [{ fired: 0 }, { fired: 1 }, { fired: 1, remaining: null }]);
});

t.test('a latency rule delays the request and then serves it unchanged', async (t) => {
  const app = await build(t);
  const before = await call(app, 'GET', '/vpc-endpoint-services');
  await putRules(app, [{ path: SERVICES, latency_ms: 300 }]);
  const started = Date.now();
  const slow = await call(app, 'GET', '/vpc-endpoint-services');
  t.ok(Date.now() - started >= 290, 'it took at least the latency');
  t.same([slow.status, slow.body], [before.status, before.body], 'the same answer');
  t.match((await journal(app, '?limit=1'))[0], { status: 200, fault: true });
  await putRules(app, [
    { path: SERVICES, latency_ms: 200, status: 502, error_code: 'EndPoint.0001', error_msg: 'bad gateway' },
  ]);
  const both = Date.now();
  t.equal((await call(app, 'GET', '/vpc-endpoint-services')).status, 502);
  t.ok(Date.now() - both >= 190, 'delayed, then the error');
});

t.test('identity faults answer in Keystone format; the control API is never faulted', async (t) => {
  const app = await build(t);
  await putRules(app, [{ path: '/**', status: 503, error_code: 'EndPoint.0001', error_msg: 'maintenance' }]);
  const keystone = await app.inject({ method: 'GET', url: '/v3' });
  t.equal(keystone.statusCode, 503);
  t.same(keystone.json(), { error: { code: 503, title: 'Service Unavailable', message: 'maintenance' } });
  t.equal((await control(app, 'GET', '/faults')).status, 200);
  t.equal((await app.inject({ method: 'GET', url: '/_emulator/health' })).statusCode, 200);
  t.equal((await control(app, 'DELETE', '/faults')).body.removed, 1);
  t.equal((await app.inject({ method: 'GET', url: '/v3' })).statusCode, 200);
});

t.test('fault rules are checked', async (t) => {
  const app = await build(t);
  const cases: [unknown, RegExp][] = [
    [{ status: 500 }, /rules\[0\]: status, error_code and error_msg go together/],
    [{ path: '/v1/**' }, /rules\[0\]: give status, error_code and error_msg, or latency_ms/],
    [{ path: 'v1', latency_ms: 1 }, /rules\[0\]\.path must be a path glob/],
    [{ probability: 1.5, latency_ms: 1 }, /probability must be at most 1/],
    [{ times: 0, latency_ms: 1 }, /times must be at least 1/],
    [{ status: 200, error_code: 'x', error_msg: 'y' }, /status must be at least 400/],
    [{ method: 'FETCH', latency_ms: 1 }, /method must be one of/],
  ];
  for (const [rule, message] of cases) {
    const res = await putRules(app, [rule]);
    t.equal(res.status, 400, JSON.stringify(rule));
    t.match(res.body.error_msg, message);
  }
  t.same((await control(app, 'GET', '/faults')).body.rules, [], 'nothing was stored');
});

t.test('the journal: newest first, filtered, bounded, cleared; nothing secret in it', async (t) => {
  const app = await build(t, { journalSize: 5 });
  await app.inject({
    method: 'POST',
    url: '/v3/auth/tokens',
    payload: { auth: { identity: { methods: ['password'], password: { user: { name: 'u', password: 'hunter2', domain: { name: 'd' } } } } } },
  });
  await call(app, 'GET', '/vpc-endpoint-services/nope');
  await call(app, 'GET', '/vpc-endpoint-services?limit=2', undefined, OTHER_PROJECT);
  await control(app, 'GET', '/info');
  const all = await journal(app);
  t.same(
    all.map((e: any) => [e.method, e.path, e.status]),
    [
      ['GET', `/v1/${OTHER_PROJECT}/vpc-endpoint-services?limit=2`, 200],
      ['GET', `/v1/${PROJECT}/vpc-endpoint-services/nope`, 404],
      ['POST', '/v3/auth/tokens', 201],
    ],
    'the control API itself is not journaled',
  );
  t.match(all[1], {
    operation: 'ListServiceDetails',
    project: PROJECT,
    error_code: 'EndPoint.0005',
    error_msg: /does not exist/,
    request_id: /^[0-9a-f-]{36}$/,
  });
  t.notMatch(JSON.stringify(all), 'hunter2');
  t.same((await journal(app, '?status=4xx')).map((e: any) => e.status), [404]);
  t.same((await journal(app, '?status=201')).map((e: any) => e.path), ['/v3/auth/tokens']);
  t.same((await journal(app, `?project=${OTHER_PROJECT}`)).length, 1);
  t.same((await journal(app, '?operation=ListServiceDetails')).length, 1);
  t.same((await journal(app, '?path=/v1/**')).length, 2);
  t.same((await journal(app, '?limit=1')).length, 1);
  for (let i = 0; i < 5; i++) await call(app, 'GET', `/quotas?i=${i}`);
  const bounded = await journal(app, '?limit=100');
  t.same(bounded.map((e: any) => e.path.split('?')[1]), ['i=4', 'i=3', 'i=2', 'i=1', 'i=0'], 'the ring keeps the last 5');
  t.equal((await control(app, 'DELETE', '/requests')).body.removed, 5);
  t.same(await journal(app), []);
  t.equal((await control(app, 'GET', '/requests?status=abc')).status, 400);
});

t.test('VPCEP_JOURNAL_SIZE=0 keeps nothing', async (t) => {
  const app = await build(t, { journalSize: 0 });
  await call(app, 'GET', '/vpc-endpoint-services');
  t.same(await journal(app), []);
});

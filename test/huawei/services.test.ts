// The Huawei operations on services: rename (H9), connection descriptions (H5), whitelist records by id
// with descriptions (H6-H8), the v2 upgrade and server resources, and the service's ip.
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { AUTH, OTHER_PROJECT, PROJECT, build, call, createService, manualClock, serviceBody, settle, settledService } from '../helper.js';
import { createEndpoint, getEndpoint, listConnections } from '../endpoints/helper.js';
import { recordChanges } from '../support/control.js';

const FOREIGN = 'iam:domain::4dbb0ce8766f44a9bfd08ccf8fc02397';
const record = (n: number) => `iam:domain::${String(n).padStart(32, '0')}`;

function refused(t: any, res: { status: number; body: any }, status: number, code: string, text: string) {
  t.equal(res.status, status, `${code} status`);
  t.equal(res.body?.error_code, code);
  t.match(res.body?.error_msg, text);
}

const v2 = (app: FastifyInstance, path: string, payload?: unknown, project = PROJECT) =>
  app.inject({
    method: 'POST',
    url: `/v2/${project}${path}`,
    headers: AUTH,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

t.test('H9 renames a service; the full name follows at once', async (t) => {
  const app = await build(t);
  const service = await settledService(app, { service_name: 'before', approval_enabled: false });
  const endpoint = await createEndpoint(app, service.id);
  const res = await call(app, 'PUT', `/vpc-endpoint-services/${service.id}/name`, { endpoint_service_name: 'x'.repeat(16) });
  t.equal(res.status, 200);
  t.strictSame(res.body, { endpoint_service_name: `eu-de.${'x'.repeat(16)}.${service.id}` });
  t.equal((await call(app, 'GET', `/vpc-endpoint-services/${service.id}`)).body.service_name, res.body.endpoint_service_name);
  t.equal((await getEndpoint(app, endpoint.id)).body.endpoint_service_name, res.body.endpoint_service_name);
  const noName = await call(app, 'PUT', `/vpc-endpoint-services/${service.id}/name`, { endpoint_service_name: '' });
  t.equal(noName.body.endpoint_service_name, `eu-de.${service.id}`, '"" removes the name');
  refused(t, await call(app, 'PUT', `/vpc-endpoint-services/${service.id}/name`, { endpoint_service_name: 'y'.repeat(17) }), 400, 'EndPoint.3076', 'endpoint_service_name');
  refused(t, await call(app, 'PUT', `/vpc-endpoint-services/${service.id}/name`, { endpoint_service_name: 'a.b' }), 400, 'EndPoint.3076', 'endpoint_service_name');
  refused(t, await call(app, 'PUT', `/vpc-endpoint-services/${service.id}/name`, { endpoint_service_name: 'z' }, OTHER_PROJECT), 404, 'EndPoint.0005', service.id);
  const creating = await createService(app, { ports: [{ client_port: 1, server_port: 2 }] });
  refused(t, await call(app, 'PUT', `/vpc-endpoint-services/${creating.id}/name`, { endpoint_service_name: 'z' }), 400, 'EndPoint.3045', 'only when available');
});

t.test('H5 describes connections; every connection view shows the description', async (t) => {
  const app = await build(t);
  const service = await settledService(app);
  await call(app, 'POST', `/vpc-endpoint-services/${service.id}/permissions/action`, { action: 'add', permissions: ['*'] });
  const [mine, theirs] = [await createEndpoint(app, service.id), await createEndpoint(app, service.id, {}, OTHER_PROJECT)];
  const early = await call(app, 'PUT', `/vpc-endpoint-services/${service.id}/connections/description`, { connections: [{ id: mine.id, description: 'x' }] });
  refused(t, early, 400, 'EndPoint.2019', 'has not reached the service');
  await settle(app);
  const path = `/vpc-endpoint-services/${service.id}/connections/description`;
  const res = await call(app, 'PUT', path, {
    connections: [{ id: mine.id, description: 'd'.repeat(128) }, { id: theirs.id, description: 'db link' }],
  });
  t.equal(res.status, 200);
  t.same(res.body.connections.map((c: any) => [c.id, c.description]), [[mine.id, 'd'.repeat(128)], [theirs.id, 'db link']]);
  t.equal(res.body.connections[1].status, 'pendingAcceptance');
  const listed = (await listConnections(app, service.id)).body.connections;
  t.same(Object.fromEntries(listed.map((c: any) => [c.id, c.description])), { [mine.id]: 'd'.repeat(128), [theirs.id]: 'db link' });
  const accepted = await call(app, 'POST', `/vpc-endpoint-services/${service.id}/connections/action`, { action: 'receive', endpoints: [theirs.id] });
  t.equal(accepted.body.connections[0].description, 'db link', 'the action answer shows it');
  t.equal((await getEndpoint(app, theirs.id, OTHER_PROJECT)).body.description, '', "the endpoint's own description is another");

  refused(t, await call(app, 'PUT', path, { connections: [{ id: mine.id, description: 'd'.repeat(129) }] }), 400, 'EndPoint.0002', 'connections[0].description');
  refused(t, await call(app, 'PUT', path, { connections: [{ id: mine.id, description: '<b>' }] }), 400, 'EndPoint.0002', 'without < or >');
  refused(t, await call(app, 'PUT', path, { connections: [{ id: mine.id }] }), 400, 'EndPoint.0002', 'connections[0].description is required');
  refused(t, await call(app, 'PUT', path, { connections: [] }), 400, 'EndPoint.2002', 'connections');
  refused(t, await call(app, 'PUT', path, { connections: [{ id: mine.id, description: 'a' }, { id: mine.id, description: 'b' }] }), 400, 'EndPoint.0002', `connections[1].id "${mine.id}" is given twice`);
  const tooMany = Array.from({ length: 1001 }, () => ({ id: mine.id, description: '' }));
  refused(t, await call(app, 'PUT', path, { connections: tooMany }), 400, 'EndPoint.0016', 'connections');
  const other = await settledService(app, { ports: [{ client_port: 1, server_port: 2 }] });
  refused(t, await call(app, 'PUT', `/vpc-endpoint-services/${other.id}/connections/description`, { connections: [{ id: mine.id, description: 'x' }] }), 400, 'EndPoint.2013', mine.id);
  refused(t, await call(app, 'PUT', path, { connections: [{ id: mine.id, description: 'x' }] }, OTHER_PROJECT), 404, 'EndPoint.0005', service.id);
  t.equal((await listConnections(app, service.id, `?id=${mine.id}`)).body.connections[0].description, 'd'.repeat(128), 'refusals changed nothing');
});

t.test('H7 adds records with descriptions, H6 describes one, H8 removes by id; all share the records', async (t) => {
  const app = await build(t);
  const service = await settledService(app);
  const base = `/vpc-endpoint-services/${service.id}/permissions`;
  const added = await call(app, 'POST', `${base}/batch-create`, {
    permission_type: 'domainId',
    permissions: [{ permission: FOREIGN, description: 'test' }, { permission: 'iam:domain::*', description: '' }],
  });
  t.equal(added.status, 200);
  t.same(added.body.permissions.map((p: any) => [p.permission, p.description, p.permission_type]), [[FOREIGN, 'test', 'domainId'], ['*', '', 'domainId']]);
  const [foreign, everyone] = added.body.permissions;
  t.match(foreign.id, /^[0-9a-f-]{36}$/);
  t.match(foreign.created_at, /Z$/);

  const again = await call(app, 'POST', `${base}/batch-create`, { permissions: [{ permission: FOREIGN, description: 'again' }] });
  t.same(again.body.permissions, [{ ...foreign, description: 'again' }], 'a record the service has keeps its id and created_at');
  const viaAction = await call(app, 'POST', `${base}/action`, { action: 'add', permissions: [FOREIGN] });
  t.same(viaAction.body, { permissions: [FOREIGN], permission_type: 'domainId' });
  t.equal((await call(app, 'GET', base)).body.total_count, 2, 'permissions/action sees the same records');

  const described = await call(app, 'PUT', `${base}/${foreign.id}`, { permission: { description: 'd'.repeat(128) } });
  t.equal(described.status, 200);
  t.same(described.body, { permissions: [{ ...foreign, description: 'd'.repeat(128) }] });
  refused(t, await call(app, 'PUT', `${base}/${foreign.id}`, { permission: { description: 'd'.repeat(129) } }), 400, 'EndPoint.0002', 'permission.description');
  refused(t, await call(app, 'PUT', `${base}/${foreign.id}`, { permission: {} }), 400, 'EndPoint.0002', 'permission.description is required');
  refused(t, await call(app, 'PUT', `${base}/nope`, { permission: { description: 'x' } }), 404, 'EndPoint.0005', 'no whitelist record nope');

  refused(t, await call(app, 'POST', `${base}/batch-delete`, { permissions: [{ id: everyone.id }, { id: 'nope' }] }), 404, 'EndPoint.0005', 'nope');
  t.equal((await call(app, 'GET', base)).body.total_count, 2, 'all or nothing');
  const removed = await call(app, 'POST', `${base}/batch-delete`, { permissions: [{ id: everyone.id }] });
  t.equal(removed.status, 200);
  t.same(removed.body.permissions.map((p: any) => p.permission), [FOREIGN], 'the records that remain');
  const viaActionRemove = await call(app, 'POST', `${base}/action`, { action: 'remove', permissions: [FOREIGN] });
  t.equal(viaActionRemove.status, 200);
  t.same((await call(app, 'POST', `${base}/batch-create`, { permissions: [{ permission: record(1), description: 'x' }] })).body.permissions.length, 1);
  t.equal((await call(app, 'GET', base)).body.permissions[0].description, 'x', 'the list shows descriptions');
});

t.test('whitelist records: refusals', async (t) => {
  const app = await build(t);
  const service = await settledService(app);
  const base = `/vpc-endpoint-services/${service.id}/permissions`;
  const org = 'organizations:orgPath::o-3j59d1231uprgk9yuvlidra7zbzfi578/r-rldbu1vmxdw5ahdkknxnvd5rgag77m2z/*';
  refused(t, await call(app, 'POST', `${base}/batch-create`, { permission_type: 'orgPath', permissions: [{ permission: FOREIGN, description: '' }] }), 400, 'EndPoint.3002', 'permission_type');
  refused(t, await call(app, 'POST', `${base}/batch-create`, { permissions: [{ permission: org, description: '' }] }), 400, 'EndPoint.3002', 'permissions[0].permission');
  refused(t, await call(app, 'POST', `${base}/action`, { action: 'add', permission_type: 'orgPath', permissions: [FOREIGN] }), 400, 'EndPoint.3002', 'permission_type');
  refused(t, await call(app, 'POST', `${base}/batch-create`, { permissions: [{ permission: FOREIGN }] }), 400, 'EndPoint.0002', 'permissions[0].description is required');
  refused(t, await call(app, 'POST', `${base}/batch-create`, { permissions: [] }), 400, 'EndPoint.3036', 'permissions');
  refused(t, await call(app, 'POST', `${base}/batch-delete`, { permissions: [] }), 400, 'EndPoint.3036', 'permissions');
  refused(t, await call(app, 'POST', `${base}/batch-delete`, {}), 400, 'EndPoint.3036', 'permissions is required');
  const many = Array.from({ length: 1001 }, (_, i) => ({ permission: record(i), description: '' }));
  refused(t, await call(app, 'POST', `${base}/batch-create`, { permissions: many }), 400, 'EndPoint.0016', 'permissions');
  refused(t, await call(app, 'POST', `${base}/action`, { action: 'add', permissions: many.map((p) => p.permission) }), 400, 'EndPoint.0016', 'permissions');
  refused(t, await call(app, 'POST', `${base}/batch-delete`, { permissions: many.map((_, i) => ({ id: `id-${i}` })) }), 400, 'EndPoint.0016', 'permissions');
  for (const [method, path, body] of [
    ['POST', `${base}/batch-create`, { permissions: [{ permission: FOREIGN, description: '' }] }],
    ['POST', `${base}/batch-delete`, { permissions: [{ id: 'x' }] }],
    ['PUT', `${base}/x`, { permission: { description: '' } }],
  ] as const) {
    refused(t, await call(app, method, path, body, OTHER_PROJECT), 404, 'EndPoint.0005', service.id);
  }
  t.equal((await call(app, 'GET', base)).body.total_count, 0, 'no refused request left a record');
});

t.test("a service's whitelist has a maximum, a setting", async (t) => {
  const app = await build(t, { maxServiceWhitelist: 3 });
  const service = await settledService(app);
  const base = `/vpc-endpoint-services/${service.id}/permissions`;
  t.equal((await call(app, 'POST', `${base}/action`, { action: 'add', permissions: [record(1), record(2)] })).status, 200);
  const third = await call(app, 'POST', `${base}/batch-create`, { permissions: [{ permission: record(3), description: '' }] });
  t.equal(third.status, 200, 'at the maximum');
  t.equal((await call(app, 'POST', `${base}/action`, { action: 'add', permissions: [record(3)] })).status, 200, 're-adding adds nothing');
  refused(t, await call(app, 'POST', `${base}/action`, { action: 'add', permissions: [record(4)] }), 400, 'EndPoint.3049', 'at most 3');
  refused(t, await call(app, 'POST', `${base}/batch-create`, { permissions: [{ permission: record(4), description: '' }] }), 400, 'EndPoint.3049', 'would have 4');
  t.equal((await call(app, 'GET', base)).body.total_count, 3, 'nothing was added');
});

t.test('a thousand records in one request are quick', async (t) => {
  const app = await build(t);
  const service = await settledService(app);
  const permissions = Array.from({ length: 1000 }, (_, i) => record(i));
  const started = process.hrtime.bigint();
  const res = await call(app, 'POST', `/vpc-endpoint-services/${service.id}/permissions/action`, { action: 'add', permissions });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  t.equal(res.status, 200);
  t.equal(res.body.permissions.length, 1000);
  t.ok(ms < 5000, `took ${ms.toFixed(0)} ms`);
  t.equal((await call(app, 'GET', `/vpc-endpoint-services/${service.id}/permissions?limit=1`)).body.total_count, 1000);
});

t.test('v2 upgrade: no body (as the SDKs send it), or upgrade and rollback', async (t) => {
  const app = await build(t);
  const service = await settledService(app);
  const path = `/vpc-endpoint-services/${service.id}/upgrade`;
  const noBody = await app.inject({ method: 'POST', url: `/v2/${PROJECT}${path}`, headers: { ...AUTH, 'content-type': 'application/json', 'content-length': '0' } });
  t.equal(noBody.statusCode, 204);
  t.equal(noBody.body, '');
  const editions = async () => (await call(app, 'GET', `/vpc-endpoint-services/${service.id}`)).body.supported_editions;
  t.same(await editions(), ['basic', 'profession']);
  t.equal((await v2(app, path, { action: 'upgrade', enable_multi_server: true })).statusCode, 204, 'again changes nothing');
  t.equal((await v2(app, path, { action: 'rollback' })).statusCode, 204);
  t.same(await editions(), ['basic']);
  const bad = await v2(app, path, { action: 'later' });
  t.equal(bad.statusCode, 400);
  t.equal(bad.json().error_code, 'EndPoint.0007');
  t.equal((await v2(app, path, undefined, OTHER_PROJECT)).statusCode, 404, "another project's service");
  const unauthenticated = await app.inject({ method: 'POST', url: `/v2/${PROJECT}${path}` });
  t.equal(unauthenticated.statusCode, 401, 'v2 needs credentials like v1');
  const creating = await createService(app, { ports: [{ client_port: 1, server_port: 2 }] });
  t.equal((await v2(app, `/vpc-endpoint-services/${creating.id}/upgrade`)).json().error_code, 'EndPoint.3045');
});

t.test('v2 add-server-resources: LB services only, each resource once, kept in the state', async (t) => {
  const app = await build(t);
  const lb = await settledService(app, { server_type: 'LB' });
  const vm = await settledService(app, { ports: [{ client_port: 1, server_port: 2 }] });
  const [a, b] = ['20872649-163e-4302-83be-8ff6e3ab0cd6', '20872649-163e-4302-83be-8ff6e3ab0cd7'];
  const path = `/vpc-endpoint-services/${lb.id}/add-server-resources`;
  t.equal((await v2(app, path, { server_resources: [{ resource_id: a, availability_zone_id: 'eu-de-01' }] })).statusCode, 204);
  t.equal((await v2(app, path, { server_resources: [{ resource_id: b }, { resource_id: a, availability_zone_id: 'eu-de-02' }] })).statusCode, 204);
  const state = (await app.inject({ method: 'GET', url: '/_emulator/state' })).json();
  const stored = state.endpoint_services.find((s: any) => s.id === lb.id);
  t.same(stored.server_resources, [{ resource_id: a, availability_zone_id: 'eu-de-02' }, { resource_id: b }]);
  const vmRes = await v2(app, `/vpc-endpoint-services/${vm.id}/add-server-resources`, { server_resources: [{ resource_id: a }] });
  t.equal(vmRes.statusCode, 400);
  t.equal(vmRes.json().error_code, 'EndPoint.3021');
  t.match(vmRes.json().error_msg, `endpoint service ${vm.id} has server_type VM; only LB services take server resources`);
  const cases: [unknown, string][] = [
    [{ server_resources: [] }, 'EndPoint.0002'],
    [{ server_resources: [{ resource_id: 'elb-1' }] }, 'EndPoint.0002'],
    [{}, 'EndPoint.0002'],
    [{ server_resources: Array.from({ length: 1001 }, () => ({ resource_id: a })) }, 'EndPoint.0016'],
  ];
  for (const [body, code] of cases) t.equal((await v2(app, path, body)).json().error_code, code, JSON.stringify(body).slice(0, 60));
  const foreign = await v2(app, path, { server_resources: [{ resource_id: b }] }, OTHER_PROJECT);
  t.equal(foreign.statusCode, 404, "another project's service does not exist");
  t.equal(foreign.json().error_code, 'EndPoint.0005');
});

t.test("a service's ip is kept and shown; with port_id on modify it is refused", async (t) => {
  const app = await build(t);
  const service = await settledService(app, { ip: '10.1.2.3' });
  const got = (await call(app, 'GET', `/vpc-endpoint-services/${service.id}`)).body;
  t.equal(got.ip, '10.1.2.3');
  t.equal(got.cidr_type, 'internal');
  t.equal(got.public_border_group, 'center');
  const changed = await call(app, 'PUT', `/vpc-endpoint-services/${service.id}`, { ip: 'backend.example.com' });
  t.equal(changed.body.ip, 'backend.example.com');
  refused(t, await call(app, 'PUT', `/vpc-endpoint-services/${service.id}`, { ip: '10.0.0.1', port_id: service.port_id }), 400, 'EndPoint.3052', 'port_id or ip');
  refused(t, await call(app, 'POST', '/vpc-endpoint-services', serviceBody({ ip: 'not an address!' })), 400, 'EndPoint.3010', 'ip');
  const plain = await settledService(app, { ports: [{ client_port: 1, server_port: 2 }] });
  t.notOk('ip' in plain, 'no ip when none was given');
  const listed = await call(app, 'GET', '/vpc-endpoint-services?public_border_group=center');
  t.equal(listed.body.total_count, 2);
  t.equal((await call(app, 'GET', '/vpc-endpoint-services?public_border_group=edge-1')).body.total_count, 0);
});

t.test('v2 upgrade and rollback: a change moves updated_at and is announced; repeating one changes nothing', async (t) => {
  const clock = manualClock(Date.UTC(2030, 0, 1));
  const app = await build(t, {}, { clock });
  const service = await settledService(app);
  const heard = recordChanges(app);
  const path = `/vpc-endpoint-services/${service.id}/upgrade`;
  const got = async () => (await call(app, 'GET', `/vpc-endpoint-services/${service.id}`)).body;

  clock.advance(10_000);
  t.equal((await v2(app, path, { action: 'upgrade' })).statusCode, 204);
  t.same(await got().then((s) => [s.supported_editions, s.updated_at]), [['basic', 'profession'], '2030-01-01T00:00:10Z']);
  t.same(heard, [['endpoint_service', service.id, 'available', 'available', '2030-01-01T00:00:10.000Z']], 'the upgrade is announced');

  clock.advance(10_000);
  t.equal((await v2(app, path, { action: 'upgrade' })).statusCode, 204);
  t.equal((await got()).updated_at, '2030-01-01T00:00:10Z', 'upgrading an upgraded service leaves updated_at');
  t.equal(heard.length, 1, 'and announces nothing');

  clock.advance(10_000);
  t.equal((await v2(app, path, { action: 'rollback' })).statusCode, 204);
  t.same(await got().then((s) => [s.supported_editions, s.updated_at]), [['basic'], '2030-01-01T00:00:30Z']);
  t.equal(heard.length, 2, 'the rollback is announced');
  clock.advance(10_000);
  t.equal((await v2(app, path, { action: 'rollback' })).statusCode, 204);
  t.equal((await got()).updated_at, '2030-01-01T00:00:30Z', 'rolling back a basic service leaves updated_at');
  t.equal(heard.length, 2);
});

t.test('v2 add-server-resources moves updated_at and is announced', async (t) => {
  const clock = manualClock(Date.UTC(2030, 0, 1));
  const app = await build(t, {}, { clock });
  const lb = await settledService(app, { server_type: 'LB' });
  const heard = recordChanges(app);
  clock.advance(5_000);
  const path = `/vpc-endpoint-services/${lb.id}/add-server-resources`;
  const added = await v2(app, path, { server_resources: [{ resource_id: '20872649-163e-4302-83be-8ff6e3ab0cd6' }] });
  t.equal(added.statusCode, 204);
  t.equal((await call(app, 'GET', `/vpc-endpoint-services/${lb.id}`)).body.updated_at, '2030-01-01T00:00:05Z');
  t.same(heard, [['endpoint_service', lb.id, 'available', 'available', '2030-01-01T00:00:05.000Z']]);
});

// What the Huawei SDKs send on the wire: their sort keys on every list, decimal query numbers, and the
// answers for paths and methods the API does not have. Also the state of what the Huawei operations add,
// exported and imported back unchanged.
import t from 'tap';
import { AUTH, OTHER_PROJECT, PROJECT, build, call, settle, settledService } from '../helper.js';
import { createEndpoint } from '../endpoints/helper.js';

async function world(t: any) {
  const app = await build(t, {}, {});
  const service = await settledService(app, { service_name: 'first', ip: '10.0.0.9', server_type: 'LB' });
  const second = await settledService(app, { service_name: 'second', ports: [{ client_port: 1, server_port: 2 }] });
  const base = `/vpc-endpoint-services/${service.id}`;
  await call(app, 'POST', `${base}/permissions/batch-create`, {
    permissions: [{ permission: '*', description: 'everyone' }, { permission: `iam:domain::${OTHER_PROJECT}`, description: 'b' }],
  });
  const first = await createEndpoint(app, service.id);
  const other = await createEndpoint(app, service.id, {}, OTHER_PROJECT);
  await settle(app);
  await call(app, 'PUT', `${base}/connections/description`, { connections: [{ id: first.id, description: 'mine' }] });
  await app.inject({
    method: 'POST',
    url: `/v2/${PROJECT}${base}/add-server-resources`,
    headers: AUTH,
    payload: { server_resources: [{ resource_id: '20872649-163e-4302-83be-8ff6e3ab0cd6', availability_zone_id: 'az1' }] },
  });
  // The second service changes last, so updated_at orders it first.
  await call(app, 'PUT', `/vpc-endpoint-services/${second.id}`, { description: 'touched' });
  return { app, service, second, first, other };
}

const LISTS = (serviceId: string) => [
  { path: '/vpc-endpoint-services', items: 'endpoint_services', keys: ['created_at', 'updated_at', 'create_at', 'update_at'] },
  { path: '/vpc-endpoints', items: 'endpoints', keys: ['created_at', 'updated_at', 'create_at', 'update_at'] },
  { path: `/vpc-endpoint-services/${serviceId}/connections`, items: 'connections', keys: ['created_at', 'updated_at', 'create_at', 'update_at'] },
  { path: `/vpc-endpoint-services/${serviceId}/permissions`, items: 'permissions', keys: ['created_at', 'create_at'] },
  { path: '/vpc-endpoint-services/public', items: 'endpoint_services', keys: ['created_at', 'updated_at', 'create_at', 'update_at'] },
];

t.test("every list takes the SDKs' create_at and update_at as created_at and updated_at", async (t) => {
  const { app, service } = await world(t);
  for (const list of LISTS(service.id)) {
    for (const dir of ['asc', 'desc']) {
      const ids: Record<string, string[]> = {};
      for (const key of list.keys) {
        const res = await call(app, 'GET', `${list.path}?sort_key=${key}&sort_dir=${dir}`);
        t.equal(res.status, 200, `${list.path} sort_key=${key}`);
        ids[key] = res.body[list.items].map((item: any) => item.id);
      }
      t.same(ids.create_at, ids.created_at, `${list.path} create_at = created_at (${dir})`);
      if (ids.update_at) t.same(ids.update_at, ids.updated_at, `${list.path} update_at = updated_at (${dir})`);
    }
  }
  const byUpdate = await call(app, 'GET', '/vpc-endpoint-services?sort_key=update_at&sort_dir=desc');
  const byCreate = await call(app, 'GET', '/vpc-endpoint-services?sort_key=create_at&sort_dir=desc');
  t.not(byUpdate.body.endpoint_services[0].id, service.id, 'update_at really sorts by the update time');
  t.equal(byCreate.body.endpoint_services[1].id, service.id);
  const refused = await call(app, 'GET', `/vpc-endpoint-services/${service.id}/permissions?sort_key=update_at`);
  t.equal(refused.status, 400, 'whitelist records sort by creation only');
  t.equal(refused.body.error_code, 'EndPoint.0017');
});

t.test('query numbers are decimal integers on every list', async (t) => {
  const { app, service } = await world(t);
  const paths = [...LISTS(service.id).map((l) => l.path)];
  for (const path of paths) {
    for (const [query, code] of [['limit=0x10', 'EndPoint.0006'], ['limit=1e3', 'EndPoint.0006'], ['limit=Infinity', 'EndPoint.0006'], ['limit=', 'EndPoint.0006'], ['offset=1e1', 'EndPoint.0010']]) {
      const res = await call(app, 'GET', `${path}?${query}`);
      t.equal(res.status, 400, `${path}?${query}`);
      t.equal(res.body.error_code, code, `${path}?${query}`);
      const [name, raw] = query.split('=');
      t.match(res.body.error_msg, `: ${name} must be a decimal integer, not "${raw}"`, `${path}?${query}`);
    }
  }
  const marker = await call(app, 'GET', `/vpc-endpoint-services/${service.id}/connections?marker_id=0x1`);
  t.equal(marker.body.error_code, 'EndPoint.0021', 'marker_id too');
  t.equal((await call(app, 'GET', '/vpc-endpoints?limit=1000&offset=0')).status, 200, 'decimal is fine');
});

t.test('a known path with another method is 405 with Allow; an unknown one is 404', async (t) => {
  const { app, service, first } = await world(t);
  const cases: [string, string, string][] = [
    ['PATCH', `/v1/${PROJECT}/vpc-endpoint-services/${service.id}`, 'GET, HEAD, PUT, DELETE'],
    ['POST', `/v1/${PROJECT}/vpc-endpoints/${first.id}`, 'GET, HEAD, PUT, DELETE'],
    ['GET', `/v1/${PROJECT}/vpc-endpoints/${first.id}/routetables`, 'PUT'],
    ['GET', `/v1/${PROJECT}/vpc-endpoint-services/${service.id}/permissions/batch-create`, 'POST, PUT'],
    ['GET', `/v2/${PROJECT}/vpc-endpoints/${first.id}/upgrade`, 'POST'],
    ['DELETE', `/v1/${PROJECT}/quotas`, 'GET, HEAD'],
  ];
  for (const [method, url, allow] of cases) {
    const res = await app.inject({ method: method as 'GET', url, headers: AUTH });
    t.equal(res.statusCode, 405, `${method} ${url}`);
    t.equal(res.headers.allow, allow, `${method} ${url}`);
    t.equal(res.json().error_code, 'EndPoint.1004');
    const path = url.split('?')[0];
    t.equal(res.json().error_msg, `Method not allowed: ${path} has no operation ${method}; it has ${allow}`);
  }
  const unknown = await app.inject({ method: 'GET', url: `/v2/${PROJECT}/vpc-endpoints`, headers: AUTH });
  t.equal(unknown.statusCode, 404);
  t.equal(unknown.json().error_msg, `No such operation: the API has no GET /v2/${PROJECT}/vpc-endpoints`);
});

t.test('what the Huawei operations add survives an export and an import unchanged', async (t) => {
  const { app, service, first } = await world(t);
  const exported = (await app.inject({ method: 'GET', url: '/_emulator/state' })).json();
  const stored = exported.endpoint_services.find((s: any) => s.id === service.id);
  t.equal(stored.ip, '10.0.0.9');
  t.same(stored.server_resources, [{ resource_id: '20872649-163e-4302-83be-8ff6e3ab0cd6', availability_zone_id: 'az1' }]);
  t.same(stored.permissions.map((p: any) => p.description), ['everyone', 'b']);
  t.equal(exported.endpoints.find((e: any) => e.id === first.id).connection_description, 'mine');

  const fresh = await build(t);
  const imported = await fresh.inject({ method: 'PUT', url: '/_emulator/state', payload: exported });
  t.equal(imported.statusCode, 200, imported.body.slice(0, 300));
  t.same((await fresh.inject({ method: 'GET', url: '/_emulator/state' })).json(), exported, 'the same document');
  const connections = await call(fresh, 'GET', `/vpc-endpoint-services/${service.id}/connections?id=${first.id}`);
  t.equal(connections.body.connections[0].description, 'mine');
  const records = await call(fresh, 'GET', `/vpc-endpoint-services/${service.id}/permissions?sort_dir=asc`);
  t.same(records.body.permissions.map((p: any) => p.description), ['everyone', 'b']);
});

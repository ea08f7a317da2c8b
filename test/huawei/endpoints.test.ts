// The Huawei operations on endpoints (vpcep-api.md §10 H1-H4) and the v2 upgrade: what each changes, every
// refusal with its code, and that another project's endpoint does not exist for them.
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { OTHER_PROJECT, PROJECT, build, call, manualClock, settle, settledService } from '../helper.js';
import { VPC, createEndpoint, endpointBody, getEndpoint, publicService } from '../endpoints/helper.js';
import { recordChanges } from '../support/control.js';

const TABLES = ['cd7fdf2b-d964-4a4a-a169-2af1112e7d02', '6416b1df-bbe8-4e51-8fa3-4d169b8cc3aa', '705290f3-0d00-41f2-aedc-71f09844e879'];

async function setup(t: any, config = {}) {
  const app = await build(t, config);
  const service = await settledService(app, { approval_enabled: false, server_type: 'LB' });
  const obs = await publicService(app, 'obs');
  const iface = await createEndpoint(app, service.id, { whitelist: ['10.0.0.1'], enable_whitelist: true });
  const gateway = await createEndpoint(app, obs.id, { subnet_id: undefined, routetables: [TABLES[0]] });
  await settle(app);
  return { app, service, obs, iface, gateway };
}

const put = (app: FastifyInstance, path: string, body: unknown, project?: string) => call(app, 'PUT', path, body, project);

function refused(t: any, res: { status: number; body: any }, status: number, code: string, text: string) {
  t.equal(res.status, status, `${code} status`);
  t.equal(res.body.error_code, code);
  t.match(res.body.error_msg, text);
}

t.test('H1 replaces the whitelist and enable_whitelist and answers the endpoint', async (t) => {
  const { app, iface } = await setup(t);
  const res = await put(app, `/vpc-endpoints/${iface.id}`, { whitelist: ['192.168.1.1', '10.0.0.0/24'], enable_whitelist: true });
  t.equal(res.status, 200);
  t.equal(res.body.id, iface.id);
  t.same(res.body.whitelist, ['192.168.1.1', '10.0.0.0/24']);
  t.equal(res.body.enable_whitelist, true);
  t.equal(res.body.status, 'accepted');
  t.same((await getEndpoint(app, iface.id)).body.whitelist, ['192.168.1.1', '10.0.0.0/24'], 'a GET shows it');
  const cleared = await put(app, `/vpc-endpoints/${iface.id}`, {});
  t.same(cleared.body.whitelist, [], 'an absent whitelist is the documented default []');
  t.equal(cleared.body.enable_whitelist, false, 'an absent enable_whitelist is false');
});

t.test('H1 limits: the setting, one request, the addresses, the endpoint type', async (t) => {
  const { app, iface, gateway } = await setup(t, { maxEndpointWhitelist: 3 });
  const three = ['10.0.0.1', '10.0.0.2', '10.0.0.3'];
  t.same((await put(app, `/vpc-endpoints/${iface.id}`, { whitelist: three })).body.whitelist, three, 'at the maximum');
  refused(t, await put(app, `/vpc-endpoints/${iface.id}`, { whitelist: [...three, '10.0.0.4'] }), 400, 'EndPoint.2045', 'at most 3');
  const many = Array.from({ length: 1001 }, (_, i) => `10.1.${i >> 8}.${i & 255}`);
  refused(t, await put(app, `/vpc-endpoints/${iface.id}`, { whitelist: many }), 400, 'EndPoint.0016', 'whitelist');
  refused(t, await put(app, `/vpc-endpoints/${iface.id}`, { whitelist: ['10.0.0.300'] }), 400, 'EndPoint.2044', 'whitelist[0]');
  refused(t, await put(app, `/vpc-endpoints/${iface.id}`, { enable_whitelist: 'yes' }), 400, 'EndPoint.0002', 'enable_whitelist');
  refused(t, await put(app, `/vpc-endpoints/${gateway.id}`, { whitelist: ['10.0.0.1'] }), 400, 'EndPoint.2044', 'only interface endpoints have a whitelist');
  t.equal(
    (await put(app, `/vpc-endpoints/${gateway.id}`, { whitelist: ['10.0.0.1'] })).body.error_msg.split(': ')[1],
    `endpoint ${gateway.id} is a gateway endpoint; only interface endpoints have a whitelist`,
  );
  t.same((await getEndpoint(app, iface.id)).body.whitelist, three, 'refused requests changed nothing');
});

t.test('H2 replaces the route tables; tables in use elsewhere are reported in bind_failed', async (t) => {
  const { app, obs, gateway } = await setup(t);
  const res = await put(app, `/vpc-endpoints/${gateway.id}/routetables`, { routetables: [TABLES[1], TABLES[2]] });
  t.equal(res.status, 200);
  t.strictSame(res.body, { routetables: [TABLES[1], TABLES[2]] });
  t.same((await getEndpoint(app, gateway.id)).body.routetables, [TABLES[1], TABLES[2]]);

  const other = await createEndpoint(app, obs.id, { subnet_id: undefined, routetables: [TABLES[0]] });
  t.same(other.routetables, [TABLES[0]], 'the released table can back another endpoint');
  const partly = await put(app, `/vpc-endpoints/${gateway.id}/routetables`, { routetables: [TABLES[0], TABLES[1]] });
  t.equal(partly.status, 200);
  t.strictSame(partly.body, {
    routetables: [TABLES[1]],
    error: [{ bind_failed: [{ id: TABLES[0], error_message: 'The route table is being used by another VPC endpoint.' }], unbind_failed: [] }],
  });
  const none = await put(app, `/vpc-endpoints/${gateway.id}/routetables`, { routetables: [TABLES[0]] });
  refused(t, none, 400, 'EndPoint.2039', 'every requested route table');
  t.same((await getEndpoint(app, gateway.id)).body.routetables, [TABLES[1]], 'nothing changed');
});

t.test('H2 refusals', async (t) => {
  const { app, iface, gateway } = await setup(t);
  refused(t, await put(app, `/vpc-endpoints/${gateway.id}/routetables`, { routetables: [] }), 400, 'EndPoint.2040', 'routetables');
  refused(t, await put(app, `/vpc-endpoints/${gateway.id}/routetables`, {}), 400, 'EndPoint.1019', 'routetables is required');
  refused(t, await put(app, `/vpc-endpoints/${gateway.id}/routetables`, { routetables: null }), 400, 'EndPoint.1019', 'routetables');
  refused(t, await put(app, `/vpc-endpoints/${gateway.id}/routetables`, { routetables: ['rt-1'] }), 400, 'EndPoint.1019', 'routetables[0]');
  refused(t, await put(app, `/vpc-endpoints/${iface.id}/routetables`, { routetables: [TABLES[1]] }), 400, 'EndPoint.0002', 'only gateway endpoints have route tables');
});

t.test('H3 sets and H4 removes a gateway policy; both answer the endpoint', async (t) => {
  const { app, gateway, iface } = await setup(t);
  const policy = [{ Effect: 'Deny', Action: ['obs:bucket:*'], Resource: ['*'] }];
  const set = await put(app, `/vpc-endpoints/${gateway.id}/policy`, { policy_statement: [{ effect: 'Deny', action: ['obs:bucket:*'], resource: ['*'] }] });
  t.equal(set.status, 200);
  t.equal(set.body.id, gateway.id);
  t.same(set.body.policy_statement, policy, 'the Go SDK spelling is answered in the documented one');
  const ten = Array.from({ length: 10 }, () => policy[0]);
  t.equal((await put(app, `/vpc-endpoints/${gateway.id}/policy`, { policy_statement: ten })).body.policy_statement.length, 10);
  refused(t, await put(app, `/vpc-endpoints/${gateway.id}/policy`, { policy_statement: [...ten, policy[0]] }), 400, 'EndPoint.2048', 'policy_statement');
  refused(t, await put(app, `/vpc-endpoints/${gateway.id}/policy`, { policy_statement: [{ Effect: 'Maybe', Action: ['*'], Resource: ['*'] }] }), 400, 'EndPoint.2048', 'Effect');
  refused(t, await put(app, `/vpc-endpoints/${gateway.id}/policy`, { policy_statement: [{ Effect: 'Allow', Action: ['*'] }] }), 400, 'EndPoint.2048', 'policy_statement[0].Resource is required');
  refused(t, await put(app, `/vpc-endpoints/${gateway.id}/policy`, {}), 400, 'EndPoint.2048', 'policy_statement is required');
  refused(t, await put(app, `/vpc-endpoints/${iface.id}/policy`, { policy_statement: policy }), 400, 'EndPoint.2048', 'only gateway endpoints have a policy');
  t.equal(
    (await put(app, `/vpc-endpoints/${iface.id}/policy`, { policy_statement: policy })).body.error_msg.split(': ')[1],
    `endpoint ${iface.id} is an interface endpoint; only gateway endpoints have a policy`,
  );

  const removed = await call(app, 'DELETE', `/vpc-endpoints/${gateway.id}/policy`);
  t.equal(removed.status, 200);
  t.same(removed.body.policy_statement, []);
  t.same((await getEndpoint(app, gateway.id)).body.policy_statement, []);
  refused(t, await call(app, 'DELETE', `/vpc-endpoints/${iface.id}/policy`), 400, 'EndPoint.2049', 'only gateway endpoints have a policy');
});

/** POST /v2/{project}/vpc-endpoints/{id}/upgrade (Huawei only), by default to start the upgrade. */
function upgradeEndpoint(app: FastifyInstance, id: string, body: unknown = { action: 'start' }, project = PROJECT) {
  return app.inject({ method: 'POST', url: `/v2/${project}/vpc-endpoints/${id}/upgrade`, headers: { 'x-auth-token': 't' }, payload: body as object });
}

t.test('v2 upgrade: the service must support professional endpoints', async (t) => {
  const { app, service, iface, gateway } = await setup(t);
  const upgrade = (id: string, body?: unknown, project?: string) => upgradeEndpoint(app, id, body, project);
  const before = await upgrade(iface.id);
  t.equal(before.statusCode, 400);
  t.same(before.json(), {
    error_code: 'EndPoint.2009',
    error_msg:
      'The specification information does not exist: ' +
      `endpoint service ${service.id} does not support professional endpoints (its supported_editions lack profession)`,
  });
  t.equal((await upgrade(gateway.id)).json().error_code, 'EndPoint.2009', 'public services are basic only');
  const serviceUpgrade = await app.inject({ method: 'POST', url: `/v2/a3c2d380272eed88a3c2d380272eed88/vpc-endpoint-services/${service.id}/upgrade`, headers: { 'x-auth-token': 't' } });
  t.equal(serviceUpgrade.statusCode, 204);
  const done = await upgrade(iface.id);
  t.equal(done.statusCode, 202);
  t.equal(done.body, '');
  t.equal((await getEndpoint(app, iface.id)).body.specification_name, 'profession');
  t.equal((await upgrade(iface.id)).statusCode, 202, 'upgrading again changes nothing');
  const bad = await upgrade(iface.id, { action: 'go' });
  t.equal(bad.statusCode, 400);
  t.equal(bad.json().error_code, 'EndPoint.0007');
  t.equal((await upgrade(iface.id, {})).json().error_code, 'EndPoint.0007', 'action is required');
  t.equal((await upgrade(iface.id, undefined, OTHER_PROJECT)).statusCode, 404, "another project's endpoint");
});

t.test('a failed or deleting endpoint cannot be modified', async (t) => {
  const { app, iface, gateway } = await setup(t);
  const fail = await app.inject({ method: 'POST', url: `/_emulator/resources/${iface.id}/fail`, payload: { error_code: 'EndPoint.2022', error_message: 'boom' } });
  t.equal(fail.statusCode, 200);
  refused(t, await put(app, `/vpc-endpoints/${iface.id}`, { whitelist: [] }), 400, 'EndPoint.2047', 'failed');
  await call(app, 'DELETE', `/vpc-endpoints/${gateway.id}`);
  t.same((await put(app, `/vpc-endpoints/${gateway.id}/policy`, { policy_statement: [] })).body, {
    error_code: 'EndPoint.2018',
    error_msg: `The endpoint is being deleted: endpoint ${gateway.id} is being deleted`,
  });
  refused(t, await call(app, 'DELETE', `/vpc-endpoints/${gateway.id}/policy`), 400, 'EndPoint.2018', 'being deleted');
});

t.test("another project's endpoints do not exist for these operations", async (t) => {
  const { app, iface, gateway } = await setup(t);
  const cases: [string, string, unknown][] = [
    ['PUT', `/vpc-endpoints/${iface.id}`, { whitelist: [] }],
    ['PUT', `/vpc-endpoints/${gateway.id}/routetables`, { routetables: [TABLES[2]] }],
    ['PUT', `/vpc-endpoints/${gateway.id}/policy`, { policy_statement: [] }],
    ['DELETE', `/vpc-endpoints/${gateway.id}/policy`, undefined],
  ];
  for (const [method, path, body] of cases) {
    const res = await call(app, method as 'PUT', path, body, OTHER_PROJECT);
    t.equal(res.status, 404, `${method} ${path}`);
    t.equal(res.body.error_code, 'EndPoint.0005');
  }
  t.same((await getEndpoint(app, gateway.id)).body.routetables, [TABLES[0]], 'nothing changed');
});

t.test('a new endpoint on a route table H2 bound is refused with 2039', async (t) => {
  const { app, gateway } = await setup(t);
  await put(app, `/vpc-endpoints/${gateway.id}/routetables`, { routetables: [TABLES[2]] });
  const body = endpointBody(gateway.endpoint_service_id, { subnet_id: undefined, vpc_id: VPC, routetables: [TABLES[2]] });
  const res = await call(app, 'POST', '/vpc-endpoints', body);
  t.equal(res.status, 400);
  t.equal(res.body.error_code, 'EndPoint.2039');
});

t.test('an H1 change is announced as accepted → accepted at the clock, and moves updated_at', async (t) => {
  const clock = manualClock(Date.UTC(2030, 0, 1));
  const app = await build(t, {}, { clock });
  const service = await settledService(app, { approval_enabled: false, server_type: 'LB' });
  const iface = await createEndpoint(app, service.id, { whitelist: ['10.0.0.1'], enable_whitelist: true });
  await settle(app);
  const heard = recordChanges(app);
  clock.advance(3_000);
  const res = await put(app, `/vpc-endpoints/${iface.id}`, { whitelist: ['192.168.1.1'], enable_whitelist: true });
  t.equal(res.status, 200);
  t.equal(res.body.updated_at, '2030-01-01T00:00:03Z');
  t.same(heard, [['endpoint', iface.id, 'accepted', 'accepted', '2030-01-01T00:00:03.000Z']]);
});

t.test('v2 upgrade of an endpoint moves updated_at and is announced once; upgrading it again changes nothing', async (t) => {
  const clock = manualClock(Date.UTC(2030, 0, 1));
  const app = await build(t, {}, { clock });
  const service = await settledService(app, { approval_enabled: false, server_type: 'LB', supported_editions: ['basic', 'profession'] });
  const iface = await createEndpoint(app, service.id);
  await settle(app);
  const heard = recordChanges(app);
  const upgrade = () => upgradeEndpoint(app, iface.id);
  clock.advance(2_000);
  t.equal((await upgrade()).statusCode, 202);
  t.same(await getEndpoint(app, iface.id).then((r) => [r.body.specification_name, r.body.updated_at]), ['profession', '2030-01-01T00:00:02Z']);
  clock.advance(2_000);
  t.equal((await upgrade()).statusCode, 202);
  t.equal((await getEndpoint(app, iface.id)).body.updated_at, '2030-01-01T00:00:02Z', 'the second upgrade changed nothing');
  t.same(heard, [['endpoint', iface.id, 'accepted', 'accepted', '2030-01-01T00:00:02.000Z']], 'and announced nothing');
});

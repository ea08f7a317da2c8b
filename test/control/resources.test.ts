// GET /_emulator/resources: every project's resources as their owners' GETs show them, with what is
// pending for each, without touching the journal or the fault rules.
import t from 'tap';
import { OTHER_PROJECT, PROJECT, build, call, createService, manualClock } from '../helper.js';
import { actOnConnection, changeWhitelist, createEndpoint } from '../endpoints/helper.js';
import { projectToken } from '../identity/helper.js';
import { control, settle } from '../support/control.js';

const overview = async (app: any, query = '') => {
  const res = await control(app, 'GET', `/resources${query}`);
  if (res.status !== 200) throw new Error(`GET /resources${query}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

/** PROJECT's available service with a whitelisted OTHER_PROJECT, whose endpoint waits for acceptance. */
async function pendingConnection(app: any) {
  const service = await createService(app, { tags: [{ key: 'env', value: 'dev' }] });
  await settle(app);
  await changeWhitelist(app, service.id, 'add', [`iam:domain::${OTHER_PROJECT}`]);
  const endpoint = await createEndpoint(app, service.id, {}, OTHER_PROJECT);
  await settle(app);
  return { service, endpoint };
}

t.test('services, connections, whitelists and endpoints are what the cloud API shows their owners', async (t) => {
  const app = await build(t);
  const { service, endpoint } = await pendingConnection(app);
  const body = await overview(app);
  t.same(
    body.projects,
    [OTHER_PROJECT, PROJECT].sort().map((id) => ({ id, name: null, domain: { id, name: null } })),
    'projects used only by id are accounts of their own',
  );
  t.equal(body.endpoint_services.length, 1);
  const [entry] = body.endpoint_services;
  t.same(entry.service, (await call(app, 'GET', `/vpc-endpoint-services/${service.id}`)).body);
  t.same(entry.connections, (await call(app, 'GET', `/vpc-endpoint-services/${service.id}/connections`)).body.connections);
  t.same(entry.permissions, (await call(app, 'GET', `/vpc-endpoint-services/${service.id}/permissions`)).body.permissions);
  t.match(entry, { connections: [{ id: endpoint.id, status: 'pendingAcceptance' }], pending: null });
  t.same(body.endpoints, [
    { endpoint: (await call(app, 'GET', `/vpc-endpoints/${endpoint.id}`, undefined, OTHER_PROJECT)).body, pending: null },
  ]);
  t.same(body.public_services, (await call(app, 'GET', '/vpc-endpoint-services/public')).body.endpoint_services);

  await actOnConnection(app, service.id, 'receive', [endpoint.id]);
  const accepted = await overview(app);
  t.match(accepted.endpoints, [{ endpoint: { id: endpoint.id, status: 'accepted', ip: String } }]);
  t.equal(accepted.endpoint_services[0].service.connection_count, 1);
});

t.test('what is pending shows with its due time on the emulator clock, or null when it waits for settle', async (t) => {
  const clock = manualClock(Date.UTC(2026, 0, 1, 12));
  const app = await build(t, { delay: { kind: 'fixed', ms: 90_000 }, delayEndpointCreate: { kind: 'manual' } }, { clock });
  const service = await createService(app);
  const created = await overview(app);
  t.same(created.endpoint_services[0].pending, {
    action: 'endpoint_service.available',
    becomes: 'available',
    due_at: '2026-01-01T12:01:30.000Z',
    setting: 'VPCEP_DELAY',
  });
  t.equal(created.clock.now, '2026-01-01T12:00:00.000Z');
  await control(app, 'POST', '/clock/advance', { seconds: 90 });
  const endpoint = await createEndpoint(app, service.id);
  const later = await overview(app);
  t.same(later.endpoint_services[0].pending, null, 'available: nothing pending');
  t.same(later.endpoints[0].pending, {
    action: 'endpoint.settled',
    becomes: 'pendingAcceptance or accepted',
    due_at: null,
    setting: 'VPCEP_DELAY_ENDPOINT_CREATE',
  });
  t.equal(later.endpoints[0].endpoint.id, endpoint.id);
  await call(app, 'DELETE', `/vpc-endpoints/${endpoint.id}`);
  t.same(
    (await overview(app)).endpoints[0].pending,
    { action: 'endpoint.gone', becomes: 'deleted', due_at: '2026-01-01T12:03:00.000Z', setting: 'VPCEP_DELAY' },
    'deleting: its removal, due VPCEP_DELAY after the DELETE',
  );
});

t.test('?project= keeps one project; named projects show their names and domain', async (t) => {
  const app = await build(t);
  const { token } = await projectToken(app, 'acme', 'eu-de_dev');
  const { service } = await pendingConnection(app);
  const all = await overview(app);
  t.same(all.projects.map((p: any) => p.id), [token.project.id, PROJECT, OTHER_PROJECT].sort());
  t.same(
    all.projects.find((p: any) => p.name !== null),
    { id: token.project.id, name: 'eu-de_dev', domain: { id: token.project.domain.id, name: 'acme' } },
    'a project the identity API registered, without resources',
  );

  const owner = await overview(app, `?project=${PROJECT}`);
  t.same(owner.projects.map((p: any) => p.id), [PROJECT]);
  t.same(owner.endpoint_services.map((e: any) => e.service.id), [service.id]);
  t.same(owner.endpoints, [], "the consumer's endpoint belongs to the other project");
  const consumer = await overview(app, `?project=${OTHER_PROJECT}`);
  t.same([consumer.endpoint_services.length, consumer.endpoints.length], [0, 1]);
  t.equal((await control(app, 'GET', '/resources?project=not%20an%20id')).status, 400);
});

t.test('reading it neither enters the journal nor sets off a fault rule', async (t) => {
  const app = await build(t);
  await createService(app);
  await control(app, 'DELETE', '/requests');
  await control(app, 'PUT', '/faults', {
    rules: [{ path: '/**', times: 1, status: 500, error_code: 'EndPoint.0001', error_msg: 'System error.' }],
  });
  await overview(app);
  t.match((await control(app, 'GET', '/faults')).body.rules, [{ fired: 0, remaining: 1 }]);
  t.same((await control(app, 'GET', '/requests')).body.requests, []);
});

t.test('with a control token it needs the token, like every control call', async (t) => {
  const app = await build(t, { controlToken: 's3cret' });
  t.equal((await control(app, 'GET', '/resources')).status, 401);
  const res = await control(app, 'GET', '/resources', undefined, { authorization: 'Bearer s3cret' });
  t.same([res.status, res.body.endpoint_services], [200, []]);
});

// The owner's view of the endpoints connected to its service: the list, accept (receive) and reject,
// and the service's connection_count.
import t from 'tap';
import { OTHER_PROJECT, PROJECT, build, call, manualClock } from '../helper.js';
import {
  actOnConnection,
  availableService,
  changeWhitelist,
  createEndpoint,
  endpointBecomes,
  frozenWithServices,
  getEndpoint,
  listConnections,
  runs,
} from '../endpoints/helper.js';
import { control, settle } from '../support/control.js';

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

/** A service with approval whose whitelist admits OTHER_PROJECT, and one pending endpoint of each project. */
async function pendingPair(t: any, clock = manualClock()) {
  const app = await build(t, { delay: { kind: 'fixed', ms: 0 } }, { clock });
  const service = await availableService(app, { approval_enabled: true });
  await changeWhitelist(app, service.id, 'add', [`iam:domain::${OTHER_PROJECT}`]);
  const own = await createEndpoint(app, service.id, { port_ip: '10.0.0.5' });
  clock.advance(1000);
  const theirs = await createEndpoint(app, service.id, {}, OTHER_PROJECT);
  await endpointBecomes(app, own.id, 'pendingAcceptance');
  await endpointBecomes(app, theirs.id, 'pendingAcceptance', OTHER_PROJECT);
  return { app, service, own, theirs, clock };
}

const connectionCount = async (app: any, serviceId: string) =>
  (await call(app, 'GET', `/vpc-endpoint-services/${serviceId}`)).body.connection_count;

t.test('the list shows each endpoint with its marker, status and owner account', async (t) => {
  const { app, service, own, theirs } = await pendingPair(t);
  const res = await listConnections(app, service.id);
  t.equal(res.status, 200);
  t.same(Object.keys(res.body).sort(), ['connections', 'total_count']);
  t.equal(res.body.total_count, 2);
  const [first, second] = res.body.connections;
  t.same(Object.keys(first).sort(), ['created_at', 'description', 'domain_id', 'id', 'marker_id', 'status', 'updated_at']);
  t.equal(first.description, '', 'no description until the owner gives one');
  t.same([first.id, second.id], [theirs.id, own.id], 'newest first');
  t.equal(first.marker_id, theirs.marker_id);
  t.equal(first.status, 'pendingAcceptance');
  t.equal(first.domain_id, OTHER_PROJECT, "the endpoint owner's account");
  t.equal(second.domain_id, PROJECT);
  t.equal(first.created_at, theirs.created_at);
  t.match(first.updated_at, TIMESTAMP);
});

t.test('list filters, sorting and paging', async (t) => {
  const { app, service, own, theirs } = await pendingPair(t);
  const ids = (res: any) => res.body.connections.map((c: any) => c.id);
  t.same(ids(await listConnections(app, service.id, `?id=${own.id}`)), [own.id]);
  t.same(ids(await listConnections(app, service.id, `?marker_id=${theirs.marker_id}`)), [theirs.id]);
  await actOnConnection(app, service.id, 'receive', [own.id]);
  t.same(ids(await listConnections(app, service.id, '?status=accepted')), [own.id]);
  t.same(ids(await listConnections(app, service.id, '?status=pendingAcceptance')), [theirs.id]);
  t.same(ids(await listConnections(app, service.id, '?status=rejected')), []);
  t.same(ids(await listConnections(app, service.id, '?sort_dir=asc')), [own.id, theirs.id]);
  const page = await listConnections(app, service.id, '?limit=1&offset=1');
  t.same(ids(page), [own.id]);
  t.equal(page.body.total_count, 2);

  for (const [query, code] of [
    ['?marker_id=abc', 'EndPoint.0021'],
    ['?status=connected', 'EndPoint.0019'],
    ['?limit=1001', 'EndPoint.0006'],
    ['?sort_key=id', 'EndPoint.0017'],
  ]) {
    const res = await listConnections(app, service.id, query);
    t.equal(res.status, 400, query);
    t.equal(res.body.error_code, code, query);
  }
});

t.test('only the owner of the service sees and changes its connections', async (t) => {
  const { app, service, theirs } = await pendingPair(t);
  const list = await listConnections(app, service.id, '', OTHER_PROJECT);
  t.equal(list.status, 404);
  t.equal(list.body.error_code, 'EndPoint.0005');
  const act = await actOnConnection(app, service.id, 'receive', [theirs.id], OTHER_PROJECT);
  t.equal(act.status, 404);
  t.equal((await getEndpoint(app, theirs.id, OTHER_PROJECT)).body.status, 'pendingAcceptance');
});

t.test('receive and reject take effect at once, in any order', async (t) => {
  const { app, service, own, clock } = await pendingPair(t);
  clock.advance(60_000);
  const received = await actOnConnection(app, service.id, 'receive', [own.id]);
  t.equal(received.status, 200);
  t.same(Object.keys(received.body), ['connections'], 'no total_count');
  t.equal(received.body.connections.length, 1);
  const connection = received.body.connections[0];
  t.equal(connection.id, own.id);
  t.equal(connection.status, 'accepted');
  t.equal(connection.marker_id, own.marker_id);
  t.equal(connection.domain_id, PROJECT);
  t.equal(connection.created_at, '2026-01-01T00:00:00Z');
  t.equal(connection.updated_at, '2026-01-01T00:01:01Z', 'the change is dated with the clock when it happened');
  const accepted = (await getEndpoint(app, own.id)).body;
  t.equal(accepted.status, 'accepted');
  t.equal(accepted.ip, '10.0.0.5', 'an accepted endpoint shows its address');

  const again = await actOnConnection(app, service.id, 'receive', [own.id]);
  t.equal(again.body.connections[0].status, 'accepted', 'receiving twice is fine');

  const rejected = await actOnConnection(app, service.id, 'reject', [own.id]);
  t.equal(rejected.body.connections[0].status, 'rejected');
  const afterReject = (await getEndpoint(app, own.id)).body;
  t.equal(afterReject.status, 'rejected');
  t.equal(afterReject.ip, '10.0.0.5', 'rejected after acceptance: the address is still shown');

  const back = await actOnConnection(app, service.id, 'receive', [own.id]);
  t.equal(back.body.connections[0].status, 'accepted', 'a rejected endpoint can be received');
  t.equal((await listConnections(app, service.id, `?id=${own.id}`)).body.connections[0].status, 'accepted');
});

t.test('an endpoint rejected while pending never shows an address', async (t) => {
  const { app, service, theirs } = await pendingPair(t);
  const res = await actOnConnection(app, service.id, 'reject', [theirs.id]);
  t.equal(res.body.connections[0].status, 'rejected');
  const got = (await getEndpoint(app, theirs.id, OTHER_PROJECT)).body;
  t.equal(got.status, 'rejected');
  t.notOk('ip' in got);
});

t.test('action errors', async (t) => {
  const { app, service, own, theirs } = await pendingPair(t);
  const other = await availableService(app, { approval_enabled: false, ports: [{ client_port: 1, server_port: 2 }] });
  const strangers = await createEndpoint(app, other.id);
  const cases: [string, unknown, string, string][] = [
    ['two endpoints', { action: 'receive', endpoints: [own.id, theirs.id] }, 'EndPoint.2031', 'endpoints'],
    ['no endpoint', { action: 'receive', endpoints: [] }, 'EndPoint.2002', 'endpoints'],
    ['endpoints missing', { action: 'receive' }, 'EndPoint.2002', 'endpoints'],
    ['endpoints not an array', { action: 'receive', endpoints: own.id }, 'EndPoint.2002', 'endpoints'],
    ['another action', { action: 'accept', endpoints: [own.id] }, 'EndPoint.2027', 'action'],
    ['action missing', { endpoints: [own.id] }, 'EndPoint.2027', 'action'],
    ['an endpoint of another service', { action: 'receive', endpoints: [strangers.id] }, 'EndPoint.2013', strangers.id],
    ['an unknown endpoint', { action: 'reject', endpoints: ['nope'] }, 'EndPoint.2013', 'nope'],
  ];
  for (const [name, body, code, detail] of cases) {
    const res = await call(app, 'POST', `/vpc-endpoint-services/${service.id}/connections/action`, body);
    t.equal(res.status, 400, name);
    t.equal(res.body.error_code, code, name);
    t.match(res.body.error_msg, detail, name);
  }
  const missing = await actOnConnection(app, 'no-such-service', 'receive', [own.id]);
  t.equal(missing.status, 404);
});

t.test('endpoints still creating are not listed and cannot be acted on yet; deleting or failed ones cannot either', async (t) => {
  const { app, services } = await frozenWithServices(t, {});
  const [service] = services;
  const ep = await createEndpoint(app, service.id);
  t.equal((await listConnections(app, service.id)).body.total_count, 0, 'a creating endpoint has not reached the service');
  const early = await actOnConnection(app, service.id, 'receive', [ep.id]);
  t.equal(early.status, 400);
  t.same(early.body, {
    error_code: 'EndPoint.2019',
    error_msg: `The endpoint is being created: endpoint ${ep.id} has not reached the service yet; try again later`,
  });

  await call(app, 'DELETE', `/vpc-endpoints/${ep.id}`);
  const list = await listConnections(app, service.id);
  t.same(list.body.connections.map((c: any) => c.status), ['deleting'], 'a deleting endpoint is listed');
  const late = await actOnConnection(app, service.id, 'receive', [ep.id]);
  t.equal(late.status, 400);
  t.same(late.body, { error_code: 'EndPoint.2018', error_msg: `The endpoint is being deleted: endpoint ${ep.id} is being deleted` });

  const failed = await createEndpoint(app, service.id);
  await settle(app);
  await control(app, 'POST', `/resources/${failed.id}/fail`, { error_code: 'EndPoint.2022', error_message: 'boom' });
  const refused = await actOnConnection(app, service.id, 'receive', [failed.id]);
  t.equal(refused.status, 400);
  t.same(refused.body, {
    error_code: 'EndPoint.2047',
    error_msg: `The VPC endpoint in the Failed status cannot be modified: endpoint ${failed.id} is failed; delete it and create a new one`,
  });
});

t.test('a service being deleted takes no connection changes', async (t) => {
  const run = runs(t);
  const first = await run({ delay: { kind: 'fixed', ms: 0 } });
  const service = await availableService(first, { approval_enabled: true });
  const ep = await createEndpoint(first, service.id);
  await endpointBecomes(first, ep.id, 'pendingAcceptance');
  const app = await run({ delay: { kind: 'manual' } });
  const deleted = await call(app, 'DELETE', `/vpc-endpoint-services/${service.id}`);
  t.equal(deleted.status, 204, 'a pending endpoint does not block the deletion');
  const res = await actOnConnection(app, service.id, 'receive', [ep.id]);
  t.equal(res.status, 400);
  t.equal(res.body.error_code, 'EndPoint.3045');
  t.match(res.body.error_msg, 'is deleting');
  t.equal((await getEndpoint(app, ep.id)).body.status, 'pendingAcceptance', 'the endpoint was not accepted');
});

t.test('connection_count counts the endpoints creating or accepted', async (t) => {
  const frozen = await frozenWithServices(t, {});
  const [service] = frozen.services;
  t.equal(await connectionCount(frozen.app, service.id), 0);
  await createEndpoint(frozen.app, service.id);
  t.equal(await connectionCount(frozen.app, service.id), 1, 'creating counts');
  const listed = await call(frozen.app, 'GET', '/vpc-endpoint-services');
  t.equal(listed.body.endpoint_services[0].connection_count, 1, 'in the list too');

  const { app, service: pending, own } = await pendingPair(t);
  t.equal(await connectionCount(app, pending.id), 0, 'pendingAcceptance does not count');
  await actOnConnection(app, pending.id, 'receive', [own.id]);
  t.equal(await connectionCount(app, pending.id), 1, 'accepted counts');
  await actOnConnection(app, pending.id, 'reject', [own.id]);
  t.equal(await connectionCount(app, pending.id), 0, 'rejected does not count');
  await actOnConnection(app, pending.id, 'receive', [own.id]);
  await call(app, 'DELETE', `/vpc-endpoints/${own.id}`);
  t.equal(await connectionCount(app, pending.id), 0, 'deleting does not count');
});

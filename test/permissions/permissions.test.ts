// The whitelist of a service: adding and removing records, listing them, and who may connect.
import t from 'tap';
import { join } from 'node:path';
import { OTHER_PROJECT, PROJECT, build, call, manualClock, settle } from '../helper.js';
import {
  availableService,
  changeWhitelist,
  createEndpoint,
  endpointBecomes,
  endpointBody,
} from '../endpoints/helper.js';

const THIRD_PROJECT = 'c5e4f5a2494aa0aac5e4f5a2494aa0aa';
const record = (domain: string) => `iam:domain::${domain}`;
const listPermissions = (app: any, serviceId: string, query = '', project = PROJECT) =>
  call(app, 'GET', `/vpc-endpoint-services/${serviceId}/permissions${query}`, undefined, project);
const records = (res: any) => res.body.permissions.map((p: any) => p.permission);

async function setup(t: any, clock = manualClock()) {
  const app = await build(t, { delay: { kind: 'fixed', ms: 0 } }, { clock });
  const service = await availableService(app, { approval_enabled: false });
  return { app, service, clock };
}

t.test('add answers with the records, and the list shows them with their details', async (t) => {
  const { app, service } = await setup(t);
  const added = await changeWhitelist(app, service.id, 'add', [record(OTHER_PROJECT)]);
  t.equal(added.status, 200);
  t.same(added.body, { permissions: [record(OTHER_PROJECT)], permission_type: 'domainId' });

  const list = await listPermissions(app, service.id);
  t.equal(list.status, 200);
  t.equal(list.body.total_count, 1);
  const [entry] = list.body.permissions;
  t.same(Object.keys(entry).sort(), ['created_at', 'description', 'id', 'permission', 'permission_type']);
  t.equal(entry.permission, record(OTHER_PROJECT));
  t.equal(entry.permission_type, 'domainId');
  t.match(entry.id, /^[0-9a-f-]{36}$/);
  t.match(entry.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
});

t.test("the owner's own account is allowed without being listed", async (t) => {
  const { app, service } = await setup(t);
  t.same((await listPermissions(app, service.id)).body, { permissions: [], total_count: 0 });
  t.equal((await call(app, 'POST', '/vpc-endpoints', endpointBody(service.id))).status, 200);
});

t.test('adding a record twice is no error and keeps one record', async (t) => {
  const { app, service, clock } = await setup(t);
  await changeWhitelist(app, service.id, 'add', [record(OTHER_PROJECT)]);
  const first = (await listPermissions(app, service.id)).body.permissions[0];
  clock.advance(5000);
  const again = await changeWhitelist(app, service.id, 'add', [record(OTHER_PROJECT), record(OTHER_PROJECT)]);
  t.equal(again.status, 200);
  t.same(again.body.permissions, [record(OTHER_PROJECT)]);
  const list = await listPermissions(app, service.id);
  t.equal(list.body.total_count, 1);
  t.same(list.body.permissions[0], first, 'the record is unchanged, created_at included');
});

t.test('"*" and "iam:domain::*" both admit every account, stored as "*"', async (t) => {
  const { app, service } = await setup(t);
  t.same((await changeWhitelist(app, service.id, 'add', [record('*')])).body.permissions, ['*']);
  t.same((await changeWhitelist(app, service.id, 'add', ['*'])).body.permissions, ['*']);
  t.same(records(await listPermissions(app, service.id)), ['*']);
  t.equal((await call(app, 'POST', '/vpc-endpoints', endpointBody(service.id), THIRD_PROJECT)).status, 200);
  await changeWhitelist(app, service.id, 'remove', [record('*')]);
  t.same(records(await listPermissions(app, service.id)), [], 'removing either form removes it');
});

t.test('remove takes effect at once; removing what is not there is fine', async (t) => {
  const { app, service } = await setup(t);
  await changeWhitelist(app, service.id, 'add', [record(OTHER_PROJECT), record(THIRD_PROJECT)]);
  const removed = await changeWhitelist(app, service.id, 'remove', [record(OTHER_PROJECT), record('nobody')]);
  t.equal(removed.status, 200);
  t.same(removed.body.permissions, [record(OTHER_PROJECT), record('nobody')]);
  t.same(records(await listPermissions(app, service.id)), [record(THIRD_PROJECT)]);
  const refused = await call(app, 'POST', '/vpc-endpoints', endpointBody(service.id), OTHER_PROJECT);
  t.equal(refused.status, 400);
  t.equal(refused.body.error_code, 'EndPoint.2012');
});

t.test('removing a record leaves the endpoints it let in as they are', async (t) => {
  const { app, service } = await setup(t);
  await changeWhitelist(app, service.id, 'add', [record(OTHER_PROJECT)]);
  const ep = await createEndpoint(app, service.id, {}, OTHER_PROJECT);
  await endpointBecomes(app, ep.id, 'accepted', OTHER_PROJECT);
  await changeWhitelist(app, service.id, 'remove', [record(OTHER_PROJECT)]);
  const got = await call(app, 'GET', `/vpc-endpoints/${ep.id}`, undefined, OTHER_PROJECT);
  t.equal(got.body.status, 'accepted');
});

t.test('list: filter by substring, sort by created_at, page up to 500', async (t) => {
  const { app, service, clock } = await setup(t);
  const domains = ['aaa111', 'bbb222', 'aaa333'];
  for (const d of domains) {
    await changeWhitelist(app, service.id, 'add', [record(d)]);
    clock.advance(1000);
  }
  t.same(records(await listPermissions(app, service.id)), domains.map(record).reverse(), 'newest first');
  t.same(records(await listPermissions(app, service.id, '?sort_dir=asc')), domains.map(record));
  t.same(records(await listPermissions(app, service.id, '?permission=AAA')), [record('aaa333'), record('aaa111')]);
  t.same(records(await listPermissions(app, service.id, '?permission=iam:domain::bbb222')), [record('bbb222')]);
  const page = await listPermissions(app, service.id, '?limit=1&offset=1');
  t.same(records(page), [record('bbb222')]);
  t.equal(page.body.total_count, 3);
  t.equal((await listPermissions(app, service.id, '?limit=500')).status, 200);
  for (const [query, code] of [
    ['?limit=501', 'EndPoint.0006'],
    ['?sort_key=updated_at', 'EndPoint.0017'],
    ['?sort_dir=sideways', 'EndPoint.0018'],
  ]) {
    const res = await listPermissions(app, service.id, query);
    t.equal(res.status, 400, query);
    t.equal(res.body.error_code, code, query);
  }
});

t.test('only the owner manages the whitelist', async (t) => {
  const { app, service } = await setup(t);
  const add = await changeWhitelist(app, service.id, 'add', [record(OTHER_PROJECT)], OTHER_PROJECT);
  t.equal(add.status, 404);
  t.equal(add.body.error_code, 'EndPoint.0005');
  t.equal((await listPermissions(app, service.id, '', OTHER_PROJECT)).status, 404);
  t.equal((await changeWhitelist(app, 'missing', 'add', ['*'])).status, 404);
});

t.test('invalid actions and records', async (t) => {
  const { app, service } = await setup(t);
  const cases: [string, unknown, string, string][] = [
    ['empty list', { action: 'add', permissions: [] }, 'EndPoint.3036', 'permissions'],
    ['permissions missing', { action: 'add' }, 'EndPoint.3036', 'permissions'],
    ['permissions a string', { action: 'add', permissions: '*' }, 'EndPoint.3036', 'permissions'],
    ['another action', { action: 'set', permissions: ['*'] }, 'EndPoint.3035', 'action'],
    ['action missing', { permissions: ['*'] }, 'EndPoint.3035', 'action'],
    ['a bare domain id', { action: 'add', permissions: [OTHER_PROJECT] }, 'EndPoint.3002', 'permissions[0]'],
    ['a hyphen in the domain id', { action: 'add', permissions: [record('abc-def')] }, 'EndPoint.3002', 'permissions[0]'],
    ['an empty domain id', { action: 'add', permissions: [record('')] }, 'EndPoint.3002', 'permissions[0]'],
    ['a domain id of 65', { action: 'add', permissions: [record('a'.repeat(65))] }, 'EndPoint.3002', 'permissions[0]'],
    ['a wrong prefix', { action: 'remove', permissions: ['*', 'iam:project::abc'] }, 'EndPoint.3002', 'permissions[1]'],
  ];
  for (const [name, body, code, field] of cases) {
    const res = await call(app, 'POST', `/vpc-endpoint-services/${service.id}/permissions/action`, body);
    t.equal(res.status, 400, name);
    t.equal(res.body.error_code, code, name);
    t.match(res.body.error_msg, field, name);
  }
  const longest = await changeWhitelist(app, service.id, 'add', [record('A1*'.repeat(21) + 'z')]);
  t.equal(longest.status, 200, '64 letters, digits and * are fine');
  t.equal((await listPermissions(app, service.id)).body.total_count, 1, 'nothing else was stored');
});

t.test("a service's records go with the service", async (t) => {
  const db = join(t.testdir(), 'vpcep.db');
  const app = await build(t, { db, delay: { kind: 'fixed', ms: 0 } });
  const service = await availableService(app);
  await changeWhitelist(app, service.id, 'add', ['*', record(OTHER_PROJECT)]);
  // What the file holds, read through the emulator's own connection (it holds the file exclusively).
  const remaining = () => app.emulator.db.prepare('SELECT COUNT(*) FROM service_permissions').pluck().get();
  t.equal(remaining(), 2);
  await call(app, 'DELETE', `/vpc-endpoint-services/${service.id}`);
  await settle(app);
  t.equal((await call(app, 'GET', `/vpc-endpoint-services/${service.id}`)).status, 404, 'the service is gone');
  t.equal(remaining(), 0);
});

// The endpoint lifecycle: creating → accepted or pendingAcceptance, deleting → gone, who sees what, and
// pending transitions across a restart.
import t from 'tap';
import { OTHER_PROJECT, PROJECT, build, call, manualClock } from '../helper.js';
import { advance, recordChanges, waitFor } from '../support/control.js';
import {
  availableService,
  createEndpoint,
  endpointBecomes,
  frozenWithServices,
  getEndpoint,
  runs,
} from './helper.js';

const MINUTE = { kind: 'fixed', ms: 60_000 } as const;
const START = Date.UTC(2026, 0, 1, 12, 0, 0);

t.test('without approval an endpoint becomes accepted after VPCEP_DELAY, not a second earlier', async (t) => {
  const app = await build(t, { delay: MINUTE }, { clock: manualClock(START) });
  const service = await availableService(app, { approval_enabled: false });
  const ep = await createEndpoint(app, service.id);
  t.equal((await getEndpoint(app, ep.id)).body.status, 'creating', 'creating right after create');
  await advance(app, 59);
  t.equal((await getEndpoint(app, ep.id)).body.status, 'creating', 'still creating one second before the delay ends');
  await advance(app, 1);
  const accepted = (await getEndpoint(app, ep.id)).body;
  t.equal(accepted.status, 'accepted');
  t.equal(accepted.updated_at, '2026-01-01T12:01:00Z', 'updated when it was accepted');
});

t.test("with approval an endpoint waits for acceptance, the owner's own too", async (t) => {
  const app = await build(t, { delay: { kind: 'fixed', ms: 0 } });
  const service = await availableService(app);
  t.equal(service.approval_enabled, true, 'approval is on by default');
  const own = await createEndpoint(app, service.id);
  const pending = await endpointBecomes(app, own.id, 'pendingAcceptance');
  t.notOk('ip' in pending, 'no address before acceptance');
});

t.test('approval is decided by the setting when the endpoint was created', async (t) => {
  const run = runs(t);
  const first = await run({ delay: { kind: 'manual' } }, { clock: manualClock(START) });
  const service = await availableService(first, { approval_enabled: true });

  const slow = await run({ delay: MINUTE }, { clock: manualClock(START) });
  const before = await createEndpoint(slow, service.id);
  const put = await call(slow, 'PUT', `/vpc-endpoint-services/${service.id}`, { approval_enabled: false });
  t.equal(put.body.approval_enabled, false);
  t.equal((await getEndpoint(slow, before.id)).body.status, 'creating');

  // Two minutes later: the endpoint's transition fell due while the emulator was down; it runs by itself.
  const app = await run({ delay: MINUTE }, { clock: manualClock(START + 120_000) });
  const waited = await waitFor(app, before.id, 'pendingAcceptance', 10);
  t.equal(waited.status, 200, `the endpoint created while approval was on still needs it: ${JSON.stringify(waited.body)}`);
  const after = await createEndpoint(app, service.id);
  t.equal((await endpointBecomes(app, after.id, 'accepted')).status, 'accepted', 'a new endpoint needs no approval');
});

t.test('delete answers 204, then the endpoint is deleting for the delay, then gone', async (t) => {
  const app = await build(t, { delay: MINUTE }, { clock: manualClock(START) });
  const service = await availableService(app, { approval_enabled: false });
  const ep = await createEndpoint(app, service.id);
  await endpointBecomes(app, ep.id, 'accepted');
  const res = await call(app, 'DELETE', `/vpc-endpoints/${ep.id}`);
  t.equal(res.status, 204);
  t.equal(res.body, undefined, 'no body');
  t.equal((await getEndpoint(app, ep.id)).body.status, 'deleting');
  await advance(app, 59);
  t.equal((await getEndpoint(app, ep.id)).body.status, 'deleting', 'still deleting one second before the delay ends');
  await advance(app, 1);
  const gone = await getEndpoint(app, ep.id);
  t.equal(gone.status, 404);
  t.equal(gone.body.error_code, 'EndPoint.0005');
  t.equal((await call(app, 'GET', '/vpc-endpoints')).body.total_count, 0, 'gone from the list too');
  t.equal((await call(app, 'DELETE', `/vpc-endpoints/${ep.id}`)).status, 404, 'deleting it again: not found');
});

t.test('every step of the life of an endpoint is announced with the status it left', async (t) => {
  const app = await build(t, { delay: MINUTE }, { clock: manualClock(START) });
  const service = await availableService(app, { approval_enabled: false });
  const heard = recordChanges(app);
  const ep = await createEndpoint(app, service.id);
  await advance(app, 60);
  t.equal((await call(app, 'DELETE', `/vpc-endpoints/${ep.id}`)).status, 204);
  await advance(app, 60);
  t.same(heard, [
    ['endpoint', ep.id, null, 'creating', '2026-01-01T12:00:00.000Z'],
    ['endpoint', ep.id, 'creating', 'accepted', '2026-01-01T12:01:00.000Z'],
    ['endpoint', ep.id, 'accepted', 'deleting', '2026-01-01T12:01:00.000Z'],
    ['endpoint', ep.id, 'deleting', 'deleted', '2026-01-01T12:02:00.000Z'],
  ]);
});

t.test('an endpoint can be deleted while creating, and deleting twice changes nothing', async (t) => {
  const { app, services } = await frozenWithServices(t, {});
  const ep = await createEndpoint(app, services[0].id);
  t.equal((await call(app, 'DELETE', `/vpc-endpoints/${ep.id}`)).status, 204);
  const deleting = (await getEndpoint(app, ep.id)).body;
  t.equal(deleting.status, 'deleting');
  t.equal((await call(app, 'DELETE', `/vpc-endpoints/${ep.id}`)).status, 204);
  t.same((await getEndpoint(app, ep.id)).body, deleting);
});

t.test('a repeated DELETE of a deleting endpoint changes nothing under a moving clock: body, updated_at, removal time', async (t) => {
  const app = await build(t, { delay: MINUTE }, { clock: manualClock(START) });
  const service = await availableService(app, { approval_enabled: false });
  const ep = await createEndpoint(app, service.id);
  await endpointBecomes(app, ep.id, 'accepted');
  t.equal((await call(app, 'DELETE', `/vpc-endpoints/${ep.id}`)).status, 204);
  const deleting = (await getEndpoint(app, ep.id)).body;
  t.equal(deleting.status, 'deleting');
  await advance(app, 30);
  t.equal((await call(app, 'DELETE', `/vpc-endpoints/${ep.id}`)).status, 204, 'deleting twice is fine');
  t.same((await getEndpoint(app, ep.id)).body, deleting, 'same body, updated_at included');
  t.same((await advance(app, 29)).applied, [], 'nothing happens 59 s after the first DELETE');
  const removal = await advance(app, 1);
  t.same(
    removal.applied.map((c: any) => [c.id, c.to, c.at]),
    [[ep.id, 'deleted', '2026-01-01T12:01:00.000Z']],
    'removed a minute after the first DELETE, not after the second',
  );
});

t.test('an endpoint is visible only to the project that created it', async (t) => {
  const app = await build(t, { delay: { kind: 'fixed', ms: 0 } });
  const service = await availableService(app, { approval_enabled: false });
  await call(app, 'POST', `/vpc-endpoint-services/${service.id}/permissions/action`, {
    action: 'add',
    permissions: [`iam:domain::${OTHER_PROJECT}`],
  });
  const theirs = await createEndpoint(app, service.id, {}, OTHER_PROJECT);
  const get = await getEndpoint(app, theirs.id, PROJECT);
  t.equal(get.status, 404);
  t.equal(get.body.error_code, 'EndPoint.0005');
  t.match(get.body.error_msg, theirs.id);
  t.equal((await call(app, 'DELETE', `/vpc-endpoints/${theirs.id}`)).status, 404);
  t.equal((await call(app, 'GET', '/vpc-endpoints')).body.total_count, 0);
  t.equal((await call(app, 'GET', '/vpc-endpoints', undefined, OTHER_PROJECT)).body.total_count, 1);
  t.equal((await getEndpoint(app, theirs.id, OTHER_PROJECT)).body.project_id, OTHER_PROJECT);
});

t.test('the tag API sees endpoints, named by their ID, until they are gone', async (t) => {
  const app = await build(t, { delay: { kind: 'fixed', ms: 0 } });
  const service = await availableService(app, { approval_enabled: false });
  const ep = await createEndpoint(app, service.id, { tags: [{ key: 'team', value: 'blue' }] });
  t.same((await call(app, 'GET', '/endpoint/tags')).body.tags, [{ key: 'team', values: ['blue'] }]);
  const found = await call(app, 'POST', '/endpoint/resource_instances/action', { action: 'filter' });
  t.same(found.body.resources.map((r: any) => [r.resource_id, r.resource_name]), [[ep.id, ep.id]]);
  await call(app, 'DELETE', `/vpc-endpoints/${ep.id}`);
  await endpointBecomes(app, ep.id, undefined);
  t.same((await call(app, 'GET', '/endpoint/tags')).body.tags, [], 'its tags went with it');
});

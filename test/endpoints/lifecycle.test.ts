// The endpoint lifecycle: creating → accepted or pendingAcceptance, deleting → gone, who sees what, and
// pending transitions across a restart.
import t from 'tap';
import { OTHER_PROJECT, PROJECT, build, call } from '../helper.js';
import {
  availableService,
  createEndpoint,
  endpointBecomes,
  frozenWithServices,
  getEndpoint,
  runs,
} from './helper.js';

t.test('without approval an endpoint becomes accepted after VPCEP_DELAY', async (t) => {
  const app = await build(t, { delay: { kind: 'fixed', ms: 300 } });
  const service = await availableService(app, { approval_enabled: false });
  const ep = await createEndpoint(app, service.id);
  t.equal((await getEndpoint(app, ep.id)).body.status, 'creating', 'still creating right after create');
  const accepted = await endpointBecomes(app, ep.id, 'accepted');
  t.equal(accepted.status, 'accepted');
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
  const first = await run({ delay: { kind: 'fixed', ms: 0 } });
  const service = await availableService(first, { approval_enabled: true });

  const slow = await run({ delay: { kind: 'fixed', ms: 60_000 } });
  const before = await createEndpoint(slow, service.id);
  const put = await call(slow, 'PUT', `/vpc-endpoint-services/${service.id}`, { approval_enabled: false });
  t.equal(put.body.approval_enabled, false);
  t.equal((await getEndpoint(slow, before.id)).body.status, 'creating');

  // Two minutes later: the endpoint's transition fell due while the emulator was down.
  const later = { now: () => Date.now() + 120_000 };
  const app = await run({ delay: { kind: 'fixed', ms: 0 } }, { clock: later });
  t.equal((await endpointBecomes(app, before.id, 'pendingAcceptance')).status, 'pendingAcceptance',
    'the endpoint created while approval was on still needs it, and its transition survived a restart');
  const after = await createEndpoint(app, service.id);
  t.equal((await endpointBecomes(app, after.id, 'accepted')).status, 'accepted', 'a new endpoint needs no approval');
});

t.test('delete answers 204, then the endpoint is deleting, then gone', async (t) => {
  const app = await build(t, { delay: { kind: 'fixed', ms: 300 } });
  const service = await availableService(app, { approval_enabled: false });
  const ep = await createEndpoint(app, service.id);
  await endpointBecomes(app, ep.id, 'accepted');
  const res = await call(app, 'DELETE', `/vpc-endpoints/${ep.id}`);
  t.equal(res.status, 204);
  t.equal(res.body, undefined, 'no body');
  t.equal((await getEndpoint(app, ep.id)).body.status, 'deleting');
  await endpointBecomes(app, ep.id, undefined);
  const gone = await getEndpoint(app, ep.id);
  t.equal(gone.status, 404);
  t.equal(gone.body.error_code, 'EndPoint.0005');
  t.equal((await call(app, 'GET', '/vpc-endpoints')).body.total_count, 0, 'gone from the list too');
  t.equal((await call(app, 'DELETE', `/vpc-endpoints/${ep.id}`)).status, 404, 'deleting it again: not found');
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

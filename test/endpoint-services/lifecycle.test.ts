// The service lifecycle: creating → available, deleting → gone, modify only while available. Time comes
// from the emulator's clock (a manual base clock moved by POST /_emulator/clock/advance), never from the wall.
import t from 'tap';
import { build, call, createService, manualClock } from '../helper.js';
import { advance, recordChanges, settle } from '../support/control.js';

const MINUTE = { kind: 'fixed', ms: 60_000 } as const;
const START = Date.UTC(2030, 4, 6, 7, 8, 9, 500);

const getService = (app: any, id: string) => call(app, 'GET', `/vpc-endpoint-services/${id}`);
const statusOf = async (app: any, id: string) => (await getService(app, id)).body?.status;

t.test('a new service is creating, then available after VPCEP_DELAY, not a second earlier', async (t) => {
  const app = await build(t, { delay: MINUTE }, { clock: manualClock(START) });
  const created = await createService(app);
  t.equal(created.status, 'creating');
  await advance(app, 59);
  t.equal(await statusOf(app, created.id), 'creating', 'still creating one second before the delay ends');
  await advance(app, 1);
  const got = await getService(app, created.id);
  t.equal(got.body.status, 'available', 'available once the delay is over');
  t.equal(got.body.created_at, created.created_at, 'created_at is the same in every response');
  t.equal(got.body.created_at, '2030-05-06T07:08:09Z');
  t.equal(got.body.updated_at, '2030-05-06T07:09:09Z', 'updated when it became available');
});

t.test('with VPCEP_DELAY=manual nothing moves, however far the clock goes, until settled', async (t) => {
  const app = await build(t, { delay: { kind: 'manual' } }, { clock: manualClock(START) });
  const created = await createService(app);
  t.same((await advance(app, 86_400)).applied, [], 'a day later nothing was applied');
  t.equal(await statusOf(app, created.id), 'creating');
  await settle(app);
  t.equal(await statusOf(app, created.id), 'available');
});

t.test('timestamps come from the injected clock', async (t) => {
  const clock = manualClock(START);
  const app = await build(t, { delay: { kind: 'manual' } }, { clock });
  const created = await createService(app);
  t.equal(created.created_at, '2030-05-06T07:08:09Z');
  clock.advance(61_000);
  await settle(app);
  const got = await getService(app, created.id);
  t.equal(got.body.status, 'available');
  t.equal(got.body.created_at, '2030-05-06T07:08:09Z');
  t.equal(got.body.updated_at, '2030-05-06T07:09:10Z', 'becoming available updates updated_at');
});

t.test('modify works only while available', async (t) => {
  const app = await build(t, { delay: { kind: 'manual' } });
  const created = await createService(app);
  const res = await call(app, 'PUT', `/vpc-endpoint-services/${created.id}`, { description: 'x' });
  t.equal(res.status, 400);
  t.equal(res.body.error_code, 'EndPoint.3045');
  t.match(res.body.error_msg, 'is creating');
});

t.test('a rename shows the new full name at once, and can drop the name', async (t) => {
  const app = await build(t, { delay: { kind: 'manual' } });
  const created = await createService(app);
  t.equal(created.service_name, `eu-de.${created.id}`);
  await settle(app);
  const renamed = await call(app, 'PUT', `/vpc-endpoint-services/${created.id}`, {
    service_name: 'renamed_1',
    approval_enabled: false,
    tcp_proxy: 'proxy_open',
    description: 'now described',
  });
  t.equal(renamed.status, 200);
  t.equal(renamed.body.service_name, `eu-de.renamed_1.${created.id}`);
  t.equal(renamed.body.approval_enabled, false);
  t.equal(renamed.body.tcp_proxy, 'proxy_open');
  t.equal(renamed.body.description, 'now described');
  t.equal(renamed.body.status, 'available');
  t.equal((await getService(app, created.id)).body.service_name, renamed.body.service_name);

  const untouched = await call(app, 'PUT', `/vpc-endpoint-services/${created.id}`, { description: 'again' });
  t.equal(untouched.body.service_name, `eu-de.renamed_1.${created.id}`, 'fields not sent stay as they are');
  t.equal(untouched.body.approval_enabled, false);
  const unnamed = await call(app, 'PUT', `/vpc-endpoint-services/${created.id}`, { service_name: '' });
  t.equal(unnamed.body.service_name, `eu-de.${created.id}`);
});

t.test('the service name carries the configured region', async (t) => {
  const app = await build(t, { region: 'eu-nl' });
  const created = await createService(app, { service_name: 'abc' });
  t.equal(created.service_name, `eu-nl.abc.${created.id}`);
});

t.test('delete answers 204, shows deleting for the delay, then the service is gone', async (t) => {
  const app = await build(t, { delay: MINUTE }, { clock: manualClock(START) });
  const created = await createService(app);
  await settle(app);
  const res = await app.inject({
    method: 'DELETE',
    url: `/v1/a3c2d380272eed88a3c2d380272eed88/vpc-endpoint-services/${created.id}`,
    headers: { 'x-auth-token': 't' },
  });
  t.equal(res.statusCode, 204);
  t.equal(res.body, '');
  t.equal(await statusOf(app, created.id), 'deleting');
  const modify = await call(app, 'PUT', `/vpc-endpoint-services/${created.id}`, { description: 'x' });
  t.equal(modify.body.error_code, 'EndPoint.3045', 'a deleting service cannot be modified');
  await advance(app, 59);
  t.equal(await statusOf(app, created.id), 'deleting', 'still deleting one second before the delay ends');
  await advance(app, 1);
  const gone = await getService(app, created.id);
  t.equal(gone.status, 404, 'gone once the delay is over');
  t.equal(gone.body.error_code, 'EndPoint.0005');
  t.equal((await call(app, 'DELETE', `/vpc-endpoint-services/${created.id}`)).status, 404);
});

t.test('a repeated DELETE of a deleting service changes nothing: same body, same updated_at, same removal time', async (t) => {
  const app = await build(t, { delay: MINUTE }, { clock: manualClock(START) });
  const created = await createService(app);
  await settle(app);
  t.equal((await call(app, 'DELETE', `/vpc-endpoint-services/${created.id}`)).status, 204);
  const deleting = (await getService(app, created.id)).body;
  t.equal(deleting.status, 'deleting');

  await advance(app, 30);
  t.equal((await call(app, 'DELETE', `/vpc-endpoint-services/${created.id}`)).status, 204, 'deleting twice is fine');
  t.same((await getService(app, created.id)).body, deleting, 'the second DELETE changed nothing, updated_at included');
  await advance(app, 29);
  t.equal(await statusOf(app, created.id), 'deleting', '59 s after the first DELETE');
  const removal = await advance(app, 1);
  t.same(
    removal.applied.map((c: any) => [c.id, c.to, c.at]),
    [[created.id, 'deleted', '2030-05-06T07:09:09.500Z']],
    'removed a minute after the first DELETE, not after the second',
  );
  t.equal((await getService(app, created.id)).status, 404);
});

t.test('a service deleted while creating never becomes available', async (t) => {
  const app = await build(t, { delay: MINUTE }, { clock: manualClock(START) });
  const created = await createService(app);
  await advance(app, 30);
  t.equal((await call(app, 'DELETE', `/vpc-endpoint-services/${created.id}`)).status, 204);
  const moved = await advance(app, 3600);
  t.same(
    moved.applied.map((c: any) => [c.id, c.from, c.to]),
    [[created.id, 'deleting', 'deleted']],
    'the only change after the DELETE is its removal',
  );
  t.equal((await getService(app, created.id)).status, 404);
});

t.test('a modify moves updated_at to the clock and is announced as available → available', async (t) => {
  const app = await build(t, { delay: MINUTE }, { clock: manualClock(START) });
  const created = await createService(app);
  await advance(app, 60);
  const heard = recordChanges(app);
  await advance(app, 7);
  const modified = await call(app, 'PUT', `/vpc-endpoint-services/${created.id}`, { description: 'x' });
  t.equal(modified.status, 200);
  t.equal(modified.body.updated_at, '2030-05-06T07:09:16Z');
  t.equal(modified.body.created_at, '2030-05-06T07:08:09Z');
  t.same(heard, [['endpoint_service', created.id, 'available', 'available', '2030-05-06T07:09:16.500Z']]);
});

// The service lifecycle: creating → available, deleting → gone, modify only while available.
import t from 'tap';
import { build, call, createService, eventually, manualClock } from '../helper.js';

const statusOf = async (app: any, id: string) => (await call(app, 'GET', `/vpc-endpoint-services/${id}`)).body?.status;

t.test('a new service is creating, then available after VPCEP_DELAY', async (t) => {
  const app = await build(t, { delay: { kind: 'fixed', ms: 150 } });
  const created = await createService(app);
  t.equal(created.status, 'creating');
  t.equal(await statusOf(app, created.id), 'creating', 'still creating before the delay');
  await eventually(async () => (await statusOf(app, created.id)) === 'available');
  const got = await call(app, 'GET', `/vpc-endpoint-services/${created.id}`);
  t.equal(got.body.status, 'available');
  t.equal(got.body.created_at, created.created_at, 'created_at is the same in every response');
  t.match(got.body.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
});

t.test('with VPCEP_DELAY=manual nothing moves', async (t) => {
  const app = await build(t, { delay: { kind: 'manual' } });
  const created = await createService(app);
  await new Promise((r) => setTimeout(r, 100));
  t.equal(await statusOf(app, created.id), 'creating');
});

t.test('timestamps come from the injected clock', async (t) => {
  const clock = manualClock(Date.UTC(2030, 4, 6, 7, 8, 9, 500));
  const app = await build(t, { delay: { kind: 'fixed', ms: 0 } }, { clock });
  const created = await createService(app);
  t.equal(created.created_at, '2030-05-06T07:08:09Z');
  clock.advance(61_000);
  await eventually(async () => (await statusOf(app, created.id)) === 'available');
  const got = await call(app, 'GET', `/vpc-endpoint-services/${created.id}`);
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
  const app = await build(t, { delay: { kind: 'fixed', ms: 0 } });
  const created = await createService(app);
  t.equal(created.service_name, `eu-de.${created.id}`);
  await eventually(async () => (await statusOf(app, created.id)) === 'available');
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
  t.equal((await call(app, 'GET', `/vpc-endpoint-services/${created.id}`)).body.service_name, renamed.body.service_name);

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

t.test('delete answers 204, shows deleting, then the service is gone', async (t) => {
  const app = await build(t, { delay: { kind: 'fixed', ms: 100 } });
  const created = await createService(app);
  await eventually(async () => (await statusOf(app, created.id)) === 'available');
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
  t.equal((await call(app, 'DELETE', `/vpc-endpoint-services/${created.id}`)).status, 204, 'deleting twice is fine');
  await eventually(async () => (await call(app, 'GET', `/vpc-endpoint-services/${created.id}`)).status === 404);
  const gone = await call(app, 'GET', `/vpc-endpoint-services/${created.id}`);
  t.equal(gone.body.error_code, 'EndPoint.0005');
  t.equal((await call(app, 'DELETE', `/vpc-endpoint-services/${created.id}`)).status, 404);
});

t.test('a service deleted while creating never becomes available', async (t) => {
  const app = await build(t, { delay: { kind: 'fixed', ms: 80 } });
  const created = await createService(app);
  t.equal((await call(app, 'DELETE', `/vpc-endpoint-services/${created.id}`)).status, 204);
  const seen = new Set<string>();
  await eventually(async () => {
    const res = await call(app, 'GET', `/vpc-endpoint-services/${created.id}`);
    if (res.status === 200) seen.add(res.body.status);
    return res.status === 404;
  });
  t.notOk(seen.has('available'), `statuses seen: ${[...seen].join(', ')}`);
});

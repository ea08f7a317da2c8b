// Listing services: filters, sorting, paging and project isolation.
import t from 'tap';
import { OTHER_PROJECT, build, call, createService, eventually, manualClock } from '../helper.js';

const ids = (res: { body: any }) => res.body.endpoint_services.map((s: any) => s.id);

async function threeServices(t: any, clock = manualClock()) {
  const app = await build(t, { delay: { kind: 'fixed', ms: 0 } }, { clock });
  const made = [];
  for (const [i, name] of ['alpha_web', 'beta_db', 'Gamma_web'].entries()) {
    made.push(await createService(app, { service_name: name, ports: [{ client_port: 80, server_port: 9000 + i }] }));
    clock.advance(1000);
  }
  return { app, made, clock };
}

t.test('the list is newest first by default, with total_count and no links', async (t) => {
  const { app, made } = await threeServices(t);
  const res = await call(app, 'GET', '/vpc-endpoint-services');
  t.equal(res.status, 200);
  t.same(Object.keys(res.body).sort(), ['endpoint_services', 'total_count']);
  t.same(ids(res), made.map((s) => s.id).reverse());
  t.equal(res.body.total_count, 3);
  t.equal(res.body.endpoint_services[0].domain_id, res.body.endpoint_services[0].project_id);
});

t.test('sort_key and sort_dir', async (t) => {
  const { app, made, clock } = await threeServices(t);
  await eventually(async () =>
    (await call(app, 'GET', '/vpc-endpoint-services?status=available')).body.total_count === 3);
  clock.advance(5000);
  await call(app, 'PUT', `/vpc-endpoint-services/${made[0].id}`, { description: 'touched last' });
  const asc = await call(app, 'GET', '/vpc-endpoint-services?sort_dir=asc');
  t.same(ids(asc), made.map((s) => s.id));
  const byUpdate = await call(app, 'GET', '/vpc-endpoint-services?sort_key=updated_at&sort_dir=desc');
  t.equal(ids(byUpdate)[0], made[0].id, 'the most recently modified comes first');
});

t.test('filters: name substring (case-insensitive, full name), id, status', async (t) => {
  const { app, made } = await threeServices(t);
  const web = await call(app, 'GET', '/vpc-endpoint-services?endpoint_service_name=WEB');
  t.same(ids(web), [made[2].id, made[0].id]);
  t.equal(web.body.total_count, 2);
  const full = await call(app, 'GET', `/vpc-endpoint-services?endpoint_service_name=${made[1].service_name}`);
  t.same(ids(full), [made[1].id]);
  const region = await call(app, 'GET', '/vpc-endpoint-services?endpoint_service_name=eu-de.');
  t.equal(region.body.total_count, 3, 'the region prefix is part of the name');
  const literalUnderscore = await call(app, 'GET', '/vpc-endpoint-services?endpoint_service_name=ph_');
  t.equal(literalUnderscore.body.total_count, 0, '_ matches only an underscore, not the a of alpha');
  const underscore = await call(app, 'GET', '/vpc-endpoint-services?endpoint_service_name=pha_');
  t.same(ids(underscore), [made[0].id]);
  const percent = await call(app, 'GET', '/vpc-endpoint-services?endpoint_service_name=%25');
  t.equal(percent.body.total_count, 0, '% matches only a percent sign');
  const byId = await call(app, 'GET', `/vpc-endpoint-services?id=${made[1].id}`);
  t.same(ids(byId), [made[1].id]);
  await eventually(async () =>
    (await call(app, 'GET', '/vpc-endpoint-services?status=available')).body.total_count === 3);
  const creating = await call(app, 'GET', '/vpc-endpoint-services?status=creating');
  t.equal(creating.body.total_count, 0);
  const combined = await call(app, 'GET', `/vpc-endpoint-services?status=available&endpoint_service_name=beta`);
  t.same(ids(combined), [made[1].id]);
});

t.test('limit and offset page through the list; total_count counts all matches', async (t) => {
  const { app, made } = await threeServices(t);
  const newestFirst = made.map((s) => s.id).reverse();
  const first = await call(app, 'GET', '/vpc-endpoint-services?limit=2');
  t.same(ids(first), newestFirst.slice(0, 2));
  t.equal(first.body.total_count, 3);
  const second = await call(app, 'GET', '/vpc-endpoint-services?limit=2&offset=2');
  t.same(ids(second), newestFirst.slice(2));
  const past = await call(app, 'GET', '/vpc-endpoint-services?offset=10');
  t.same(ids(past), []);
  t.equal(past.body.total_count, 3);
  const none = await call(app, 'GET', '/vpc-endpoint-services?limit=0');
  t.same(ids(none), [], 'limit=0 returns an empty page');
  t.equal(none.body.total_count, 3);
  const huge = await call(app, 'GET', '/vpc-endpoint-services?offset=99999999999999999999');
  t.equal(huge.status, 400, 'an offset beyond what the store can page is refused, not a 500');
  t.equal(huge.body.error_code, 'EndPoint.0010');
  const largest = await call(app, 'GET', `/vpc-endpoint-services?offset=${Number.MAX_SAFE_INTEGER}`);
  t.equal(largest.status, 200);
  t.equal(largest.body.total_count, 3);
  const unknown = await call(app, 'GET', '/vpc-endpoint-services?marker=abc&foo=bar');
  t.equal(unknown.status, 200, 'unknown query parameters are ignored');
  t.equal(unknown.body.total_count, 3);
});

t.test('the default page size is 10', async (t) => {
  const app = await build(t);
  for (let i = 0; i < 12; i++) await createService(app, { ports: [{ client_port: 80, server_port: 1000 + i }] });
  const res = await call(app, 'GET', '/vpc-endpoint-services');
  t.equal(res.body.endpoint_services.length, 10);
  t.equal(res.body.total_count, 12);
});

t.test('resources belong to the project in the path', async (t) => {
  const { app, made } = await threeServices(t);
  const path = `/vpc-endpoint-services/${made[0].id}`;
  for (const [method, body] of [['GET'], ['PUT', { description: 'x' }], ['DELETE']] as const) {
    const res = await call(app, method, path, body, OTHER_PROJECT);
    t.equal(res.status, 404, `${method} from another project`);
    t.equal(res.body.error_code, 'EndPoint.0005');
  }
  const list = await call(app, 'GET', '/vpc-endpoint-services', undefined, OTHER_PROJECT);
  t.same(list.body, { endpoint_services: [], total_count: 0 });
  t.equal((await call(app, 'GET', path)).body.status !== undefined, true, 'the owner still sees it');
});

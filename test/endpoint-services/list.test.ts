// Listing services: filters, sorting, paging and project isolation.
import t from 'tap';
import { OTHER_PROJECT, build, call, createService, manualClock } from '../helper.js';
import { settle } from '../support/control.js';

const ids = (res: { body: any }) => res.body.endpoint_services.map((s: any) => s.id);

async function threeServices(t: any, clock = manualClock()) {
  const app = await build(t, { delay: { kind: 'manual' } }, { clock });
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
  await settle(app);
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
  const creatingBefore = await call(app, 'GET', '/vpc-endpoint-services?status=creating');
  t.same(ids(creatingBefore), made.map((s) => s.id).reverse(), 'all three are creating before they settle');
  await settle(app);
  const available = await call(app, 'GET', '/vpc-endpoint-services?status=available');
  t.same(ids(available), made.map((s) => s.id).reverse(), 'and available after');
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
  const owner = await call(app, 'GET', path);
  t.equal(owner.status, 200, 'the owner still sees it');
  t.same(owner.body, { ...made[0], updated_at: owner.body.updated_at }, 'unchanged by the other project');
  t.equal(owner.body.updated_at, made[0].updated_at, 'not even touched');
  t.equal(owner.body.status, 'creating', 'not deleted by the other project');
});

t.test('resources created in the same second list in creation order, and page without repeats or gaps', async (t) => {
  // The clock does not move: every service has the same created_at and updated_at.
  const app = await build(t, { delay: { kind: 'manual' } }, { clock: manualClock() });
  const made = [];
  for (let i = 0; i < 7; i++) {
    const name = i % 2 === 0 ? `even_${i}` : `odd_${i}`;
    made.push((await createService(app, { service_name: name, ports: [{ client_port: 80, server_port: 7000 + i }] })).id);
  }
  const oldestFirst = made;
  const newestFirst = [...made].reverse();
  const even = made.filter((_, i) => i % 2 === 0);
  const cases: [string, string[]][] = [
    ['', newestFirst],
    ['sort_dir=desc', newestFirst],
    ['sort_dir=asc', oldestFirst],
    ['sort_key=updated_at', newestFirst],
    ['sort_key=updated_at&sort_dir=asc', oldestFirst],
    ['endpoint_service_name=even', [...even].reverse()],
    ['endpoint_service_name=even&sort_dir=asc', even],
    ['status=creating&sort_dir=asc', oldestFirst],
  ];
  for (const [query, expected] of cases) {
    const whole = await call(app, 'GET', `/vpc-endpoint-services?limit=100&${query}`);
    t.same(ids(whole), expected, `?${query}: the later created comes first with desc, last with asc`);
    for (const limit of [1, 2, 3]) {
      const paged: string[] = [];
      for (let offset = 0; offset < expected.length; offset += limit) {
        const page = await call(app, 'GET', `/vpc-endpoint-services?limit=${limit}&offset=${offset}&${query}`);
        t.equal(page.body.total_count, expected.length);
        paged.push(...ids(page));
      }
      t.same(paged, expected, `?${query} in pages of ${limit}: each once, in the same order`);
    }
  }
});

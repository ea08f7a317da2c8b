// Listing endpoints: order, filters, paging, and the service name they show.
import t from 'tap';
import { build, call, manualClock, settle } from '../helper.js';
import { VPC, availableService, createEndpoint, endpointBecomes } from './helper.js';

const OTHER_VPC = '0b4f9a4e-7d6b-4c1e-9d35-2f0c7d1f6a11';
const ids = (res: { body: any }) => res.body.endpoints.map((e: any) => e.id);

/** Three endpoints a second apart: two to alpha_web (one in another VPC), one to beta_db. */
async function threeEndpoints(t: any) {
  const clock = manualClock();
  const app = await build(t, { delay: { kind: 'fixed', ms: 0 } }, { clock });
  const web = await availableService(app, { service_name: 'alpha_web', ports: [{ client_port: 80, server_port: 1 }] });
  const db = await availableService(app, { service_name: 'beta_db', ports: [{ client_port: 80, server_port: 2 }] });
  const made = [];
  for (const [service, vpc] of [[web, VPC], [db, VPC], [web, OTHER_VPC]]) {
    made.push(await createEndpoint(app, service.id, { vpc_id: vpc }));
    clock.advance(1000);
  }
  for (const ep of made) await endpointBecomes(app, ep.id, 'pendingAcceptance');
  return { app, made, web, db, clock };
}

t.test('the list is newest first by default, with total_count and no links', async (t) => {
  const { app, made } = await threeEndpoints(t);
  const res = await call(app, 'GET', '/vpc-endpoints');
  t.equal(res.status, 200);
  t.same(Object.keys(res.body).sort(), ['endpoints', 'total_count']);
  t.same(ids(res), made.map((e) => e.id).reverse());
  t.equal(res.body.total_count, 3);
});

t.test('sort_key and sort_dir', async (t) => {
  const { app, made, web, clock } = await threeEndpoints(t);
  t.same(ids(await call(app, 'GET', '/vpc-endpoints?sort_dir=asc')), made.map((e) => e.id));
  clock.advance(5000);
  await call(app, 'POST', `/vpc-endpoint-services/${web.id}/connections/action`, { action: 'receive', endpoints: [made[0].id] });
  const byUpdate = await call(app, 'GET', '/vpc-endpoints?sort_key=updated_at&sort_dir=desc');
  t.equal(ids(byUpdate)[0], made[0].id, 'the most recently changed comes first');
});

t.test('filters: service name substring (case-insensitive), vpc_id, id, public_border_group', async (t) => {
  const { app, made, db } = await threeEndpoints(t);
  t.same(ids(await call(app, 'GET', '/vpc-endpoints?endpoint_service_name=WEB')), [made[2].id, made[0].id]);
  t.same(ids(await call(app, 'GET', `/vpc-endpoints?endpoint_service_name=${db.service_name}`)), [made[1].id], 'the full name');
  t.equal((await call(app, 'GET', '/vpc-endpoints?endpoint_service_name=ta_d')).body.total_count, 1);
  t.equal((await call(app, 'GET', '/vpc-endpoints?endpoint_service_name=a_w_')).body.total_count, 0, '_ is literal');
  t.equal((await call(app, 'GET', '/vpc-endpoints?endpoint_service_name=%25')).body.total_count, 0, '% is literal');
  t.same(ids(await call(app, 'GET', `/vpc-endpoints?vpc_id=${OTHER_VPC}`)), [made[2].id]);
  const byId = await call(app, 'GET', `/vpc-endpoints?id=${made[1].id}`);
  t.same(ids(byId), [made[1].id]);
  t.equal(byId.body.total_count, 1);
  const both = await call(app, 'GET', `/vpc-endpoints?vpc_id=${VPC}&endpoint_service_name=alpha`);
  t.same(ids(both), [made[0].id], 'filters combine');
  t.equal((await call(app, 'GET', '/vpc-endpoints?marker=x&router_id=y')).body.total_count, 3, 'unknown parameters are ignored');
  t.same(ids(await call(app, 'GET', '/vpc-endpoints?public_border_group=center')), [made[2].id, made[1].id, made[0].id], "the region's border group: all");
  const edge = await call(app, 'GET', '/vpc-endpoints?public_border_group=edge-1');
  t.same([edge.body.endpoints, edge.body.total_count], [[], 0], 'another border group: none');
});

t.test('paging: limit and offset, total_count counts every match', async (t) => {
  const { app, made } = await threeEndpoints(t);
  const page = await call(app, 'GET', '/vpc-endpoints?limit=1&offset=1');
  t.same(ids(page), [made[1].id]);
  t.equal(page.body.total_count, 3);
  const empty = await call(app, 'GET', '/vpc-endpoints?limit=0');
  t.same(ids(empty), []);
  t.equal(empty.body.total_count, 3);
  t.same(ids(await call(app, 'GET', '/vpc-endpoints?offset=5')), []);
  t.equal((await call(app, 'GET', '/vpc-endpoints?limit=1000')).status, 200);
});

t.test('invalid list parameters', async (t) => {
  const app = await build(t);
  const cases: [string, string, string][] = [
    ['limit=1001', 'EndPoint.0006', 'limit'],
    ['limit=-1', 'EndPoint.0006', 'limit'],
    ['limit=ten', 'EndPoint.0006', 'limit'],
    ['offset=-1', 'EndPoint.0010', 'offset'],
    ['sort_key=name', 'EndPoint.0017', 'sort_key'],
    ['sort_dir=up', 'EndPoint.0018', 'sort_dir'],
  ];
  for (const [query, code, field] of cases) {
    const res = await call(app, 'GET', `/vpc-endpoints?${query}`);
    t.equal(res.status, 400, query);
    t.equal(res.body.error_code, code, query);
    t.match(res.body.error_msg, field, query);
  }
});

t.test('endpoints show the current name of their service, and keep it once the service is gone', async (t) => {
  const { app, made, db } = await threeEndpoints(t);
  await call(app, 'PUT', `/vpc-endpoint-services/${db.id}`, { service_name: 'gamma' });
  const renamed = `eu-de.gamma.${db.id}`;
  const got = await call(app, 'GET', `/vpc-endpoints/${made[1].id}`);
  t.equal(got.body.endpoint_service_name, renamed);
  t.same(ids(await call(app, 'GET', '/vpc-endpoints?endpoint_service_name=gamma')), [made[1].id]);

  // Its only endpoint waits for acceptance, which does not keep the service.
  t.equal((await call(app, 'DELETE', `/vpc-endpoint-services/${db.id}`)).status, 204);
  await settle(app);
  t.equal((await call(app, 'GET', `/vpc-endpoint-services/${db.id}`)).status, 404, 'the service is gone');
  t.equal((await call(app, 'GET', `/vpc-endpoints/${made[1].id}`)).body.endpoint_service_name, renamed);
});

t.test('endpoints created in the same second list in creation order, and page without repeats or gaps', async (t) => {
  const app = await build(t, { delay: { kind: 'manual' } }, { clock: manualClock() });
  const web = await availableService(app, { service_name: 'alpha_web', ports: [{ client_port: 80, server_port: 1 }] });
  const db = await availableService(app, { service_name: 'beta_db', ports: [{ client_port: 80, server_port: 2 }] });
  const made: { id: string; web: boolean }[] = [];
  for (let i = 0; i < 6; i++) {
    const service = i % 3 === 0 ? db : web;
    const ep = await createEndpoint(app, service.id, { vpc_id: `0b4f9a4e-7d6b-4c1e-9d35-2f0c7d1f6a1${i}` });
    made.push({ id: ep.id, web: service === web });
  }
  const oldestFirst = made.map((e) => e.id);
  const webOnly = made.filter((e) => e.web).map((e) => e.id);
  const cases: [string, string[]][] = [
    ['', [...oldestFirst].reverse()],
    ['sort_dir=asc', oldestFirst],
    ['sort_key=updated_at', [...oldestFirst].reverse()],
    ['endpoint_service_name=alpha', [...webOnly].reverse()],
    ['endpoint_service_name=alpha&sort_dir=asc', webOnly],
  ];
  for (const [query, expected] of cases) {
    t.same(ids(await call(app, 'GET', `/vpc-endpoints?limit=100&${query}`)), expected, `?${query}: in creation order`);
    for (const limit of [1, 4]) {
      const paged: string[] = [];
      for (let offset = 0; offset < expected.length; offset += limit) {
        paged.push(...ids(await call(app, 'GET', `/vpc-endpoints?limit=${limit}&offset=${offset}&${query}`)));
      }
      t.same(paged, expected, `?${query} in pages of ${limit}: each once, in the same order`);
    }
  }
});

// The public catalogue and describe: what any project may see of services it does not own.
import t from 'tap';
import { randomUUID } from 'node:crypto';
import { OTHER_PROJECT, build, call } from '../helper.js';
import { availableService } from '../endpoints/helper.js';

const names = (res: any) => res.body.endpoint_services.map((s: any) => s.service_name);

t.test('the catalogue: obs (gateway) and dns (interface) owned by OTC, for the region', async (t) => {
  const app = await build(t);
  const res = await call(app, 'GET', '/vpc-endpoint-services/public');
  t.equal(res.status, 200);
  t.same(Object.keys(res.body).sort(), ['endpoint_services', 'total_count']);
  t.equal(res.body.endpoint_services[0].owner, 'OTC');
  const byName = Object.fromEntries(res.body.endpoint_services.map((s: any) => [s.service_name, s]));
  t.equal(byName['com.t-systems.otc.eu-de.obs'].service_type, 'gateway');
  t.equal(byName['com.t-systems.otc.eu-de.dns'].service_type, 'interface');
  t.equal(res.body.total_count, res.body.endpoint_services.length);
  for (const s of res.body.endpoint_services) {
    t.same(Object.keys(s).sort(), ['created_at', 'enable_policy', 'id', 'is_charge', 'owner', 'service_name', 'service_type']);
    t.equal(s.enable_policy, s.service_type === 'gateway', 'gateway endpoints carry a policy');
    t.equal(s.owner, 'OTC');
    t.type(s.is_charge, 'boolean');
    t.match(s.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  }
});

t.test('every project sees the same catalogue, with ids that never change', async (t) => {
  const first = await build(t);
  const second = await build(t);
  const mine = (await call(first, 'GET', '/vpc-endpoint-services/public')).body;
  t.same((await call(first, 'GET', '/vpc-endpoint-services/public', undefined, OTHER_PROJECT)).body, mine);
  t.same((await call(second, 'GET', '/vpc-endpoint-services/public')).body, mine, 'the same in another run');
  const nl = await build(t, { region: 'eu-nl' });
  const theirs = (await call(nl, 'GET', '/vpc-endpoint-services/public')).body;
  t.ok(names({ body: theirs }).includes('com.t-systems.otc.eu-nl.obs'));
  t.notOk(theirs.endpoint_services.some((s: any) => mine.endpoint_services.some((m: any) => m.id === s.id)),
    'another region has other ids');
});

t.test('filters, sorting and paging as for the service list', async (t) => {
  const app = await build(t);
  const all = (await call(app, 'GET', '/vpc-endpoint-services/public')).body.endpoint_services;
  const obs = await call(app, 'GET', '/vpc-endpoint-services/public?endpoint_service_name=com.t-systems.otc.eu-de.obs');
  t.same(names(obs), ['com.t-systems.otc.eu-de.obs'], 'the full obs name finds exactly one');
  t.same(names(await call(app, 'GET', '/vpc-endpoint-services/public?endpoint_service_name=DNS')), ['com.t-systems.otc.eu-de.dns']);
  t.same(names(await call(app, 'GET', `/vpc-endpoint-services/public?id=${all[1].id}`)), [all[1].service_name]);
  t.equal((await call(app, 'GET', '/vpc-endpoint-services/public?status=available')).body.total_count, all.length);
  t.equal((await call(app, 'GET', '/vpc-endpoint-services/public?status=creating')).body.total_count, 0);
  const asc = await call(app, 'GET', '/vpc-endpoint-services/public?sort_dir=asc&sort_key=updated_at');
  t.same(names(asc), all.map((s: any) => s.service_name).reverse());
  const page = await call(app, 'GET', '/vpc-endpoint-services/public?limit=1&offset=1');
  t.same(names(page), [all[1].service_name]);
  t.equal(page.body.total_count, all.length);
  const bad = await call(app, 'GET', '/vpc-endpoint-services/public?limit=1001');
  t.equal(bad.status, 400);
  t.equal(bad.body.error_code, 'EndPoint.0006');
});

t.test('describe: any project, by id or full name; never the backend', async (t) => {
  const app = await build(t, { delay: { kind: 'fixed', ms: 0 } });
  const service = await availableService(app, { service_name: 'shop', server_type: 'LB' });
  const byId = await call(app, 'GET', `/vpc-endpoint-services/describe?id=${service.id}`, undefined, OTHER_PROJECT);
  t.equal(byId.status, 200);
  t.same(byId.body, {
    id: service.id,
    service_name: `eu-de.shop.${service.id}`,
    service_type: 'interface',
    server_type: 'LB',
    created_at: service.created_at,
    is_charge: true,
    enable_policy: false,
    public_border_group: 'center',
  });
  const byName = await call(app, 'GET', `/vpc-endpoint-services/describe?endpoint_service_name=eu-de.shop.${service.id}`, undefined, OTHER_PROJECT);
  t.same(byName.body, byId.body);
  const both = await call(app, 'GET', `/vpc-endpoint-services/describe?id=${service.id}&endpoint_service_name=eu-de.shop.${service.id}`);
  t.same(both.body, byId.body);

  const paidByOwner = await availableService(app, { payer: 'endpoint_service', ports: [{ client_port: 1, server_port: 1 }] });
  t.equal((await call(app, 'GET', `/vpc-endpoint-services/describe?id=${paidByOwner.id}`)).body.is_charge, false,
    'free for the endpoint when the owner pays');

  const obs = await call(app, 'GET', '/vpc-endpoint-services/describe?endpoint_service_name=com.t-systems.otc.eu-de.obs');
  t.equal(obs.body.service_type, 'gateway');
  t.equal(obs.body.is_charge, false);
  const obsById = await call(app, 'GET', `/vpc-endpoint-services/describe?id=${obs.body.id}`);
  t.same(obsById.body, obs.body);
});

t.test('describe needs a parameter and a match', async (t) => {
  const app = await build(t, { delay: { kind: 'fixed', ms: 0 } });
  const service = await availableService(app, { service_name: 'shop' });
  const none = await call(app, 'GET', '/vpc-endpoint-services/describe');
  t.equal(none.status, 400);
  t.equal(none.body.error_code, 'EndPoint.2002');
  t.match(none.body.error_msg, 'endpoint_service_name');
  const cases = [
    `id=${randomUUID()}`,
    'endpoint_service_name=shop',
    `endpoint_service_name=EU-DE.SHOP.${service.id}`,
    `id=${service.id}&endpoint_service_name=eu-de.other.${service.id}`,
  ];
  for (const query of cases) {
    const res = await call(app, 'GET', `/vpc-endpoint-services/describe?${query}`);
    t.equal(res.status, 404, query);
    t.equal(res.body.error_code, 'EndPoint.0005', query);
  }
});

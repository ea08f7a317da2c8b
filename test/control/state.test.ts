// Reset, export and import: the whole state as one document, replaced in one transaction.
import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from '../../src/app.js';
import { OTHER_PROJECT, PROJECT, build, call, createService, testConfig } from '../helper.js';
import { createEndpoint } from '../endpoints/helper.js';
import { createLoadBalancer, createVpc, network, neutron, signedFor } from '../network/helper.js';
import { control, exportState, importState, reset, settle } from '../support/control.js';

const CONSUMER = OTHER_PROJECT;

/**
 * Two projects' worth of everything: services (one failed), whitelist, tags, endpoints, pending transitions,
 * a token, what the Huawei operations add (a service's ip and server resources, record and connection
 * descriptions), and the companion resources (a VPC with a subnet and a load balancer, tagged; a failed VPC).
 */
async function populate(app: any) {
  const { vpc, subnet } = await network(app);
  const lb = await createLoadBalancer(app, signedFor(PROJECT), subnet.neutron_subnet_id, { name: 'lb', description: 'front' });
  await neutron(app, signedFor(PROJECT), 'POST', `/${PROJECT}/loadbalancers/${lb.id}/tags/action`, {
    action: 'create',
    tags: [{ key: 'tier', value: 'web' }],
  });
  await neutron(app, signedFor(PROJECT), 'POST', `/${PROJECT}/vpcs/${vpc.id}/tags/action`, {
    action: 'create',
    tags: [{ key: 'env', value: 'test' }],
  });
  const broken = await createVpc(app, { name: 'broken', cidr: '10.0.0.0/16' }, CONSUMER);
  await control(app, 'POST', `/resources/${broken.id}/fail`, { error_code: 'VPC.0105', error_message: 'Neutron Error.' });
  const token = await app.inject({
    method: 'POST',
    url: '/v3/auth/tokens',
    payload: {
      auth: {
        identity: { methods: ['password'], password: { user: { name: 'me', password: 'p', domain: { name: 'acme' } } } },
        scope: { project: { name: 'eu-de_acme', domain: { name: 'acme' } } },
      },
    },
  });
  const service = await createService(app, {
    service_name: 'owned',
    server_type: 'LB',
    ip: '10.9.8.7',
    tags: [{ key: 'team', value: 'a' }],
  });
  const other = await createService(app, { port_id: '22222222-2222-4222-8222-222222222222' }, CONSUMER);
  const failing = await createService(app, { port_id: '33333333-3333-4333-8333-333333333333' });
  await settle(app);
  await control(app, 'POST', `/resources/${failing.id}/fail`, { error_code: 'EndPoint.0001', error_message: 'gone wrong' });
  await call(app, 'POST', `/vpc-endpoint-services/${service.id}/permissions/batch-create`, {
    permissions: [{ permission: `iam:domain::${CONSUMER}`, description: 'the consumer' }],
  });
  await app.inject({
    method: 'POST',
    url: `/v2/${PROJECT}/vpc-endpoint-services/${service.id}/add-server-resources`,
    headers: { 'x-auth-token': 'test-token' },
    payload: { server_resources: [{ resource_id: '55555555-5555-4555-8555-555555555555', availability_zone_id: 'az1' }] },
  });
  const endpoint = await createEndpoint(app, service.id, { enable_dns: true, tags: [{ key: 'k', value: 'v' }] }, CONSUMER);
  await settle(app);
  await call(app, 'POST', `/vpc-endpoint-services/${service.id}/connections/action`, {
    action: 'receive',
    endpoints: [endpoint.id],
  });
  await call(app, 'PUT', `/vpc-endpoint-services/${service.id}/connections/description`, {
    connections: [{ id: endpoint.id, description: 'shop link' }],
  });
  const pending = await createService(app, { port_id: '44444444-4444-4444-8444-444444444444' }, CONSUMER);
  return { token: token.headers['x-subject-token'] as string, service, other, failing, endpoint, pending, vpc, subnet, lb, broken };
}

t.test('export, reset, import, export: the same document, and the state works as before', async (t) => {
  const app = await build(t);
  const made = await populate(app);
  const dnsNames = (await call(app, 'GET', `/vpc-endpoints/${made.endpoint.id}`, undefined, CONSUMER)).body.dns_names;
  const exported = await exportState(app);
  const owned = exported.endpoint_services.find((s: any) => s.id === made.service.id);
  t.equal(owned.ip, '10.9.8.7');
  t.same(owned.server_resources, [{ resource_id: '55555555-5555-4555-8555-555555555555', availability_zone_id: 'az1' }]);
  t.equal(owned.permissions[0].description, 'the consumer');
  t.equal(exported.endpoints[0].connection_description, 'shop link');
  t.equal(exported.format, 'vpcep-emulator-state');
  t.equal(exported.version, 1);
  t.equal(exported.endpoint_services.length, 4);
  t.equal(exported.endpoints.length, 1);
  t.same(exported.pending_transitions.map((p: any) => p.resource_id), [made.pending.id]);
  t.equal(exported.identity.tokens.length, 1);
  t.notMatch(JSON.stringify(exported), made.token, 'tokens are exported by their hash only');

  t.same(exported.vpcs.map((v: any) => [v.id, v.status, v.tags, v.error]), [
    [made.vpc.id, 'OK', [{ key: 'env', value: 'test' }], undefined],
    [made.broken.id, 'ERROR', [], { error_code: 'VPC.0105', error_message: 'Neutron Error.' }],
  ]);
  t.match(exported.subnets, [{ id: made.subnet.id, neutron_subnet_id: made.subnet.neutron_subnet_id, vpc_id: made.vpc.id, status: 'ACTIVE' }]);
  t.match(exported.loadbalancers, [
    { id: made.lb.id, subnet_id: made.subnet.id, vip_port_id: made.lb.vip_port_id, vip_address: made.lb.vip_address, provisioning_status: 'ACTIVE', tags: [{ key: 'tier', value: 'web' }] },
  ]);

  const removed = await reset(app, '?identity=true');
  t.same(removed, {
    pending_transitions: 1,
    endpoints: 1,
    tags: 4,
    permissions: 1,
    endpoint_services: 4,
    loadbalancers: 1,
    subnets: 1,
    vpcs: 2,
    tokens: 1,
    users: 1,
    projects: 1,
    domains: 1,
  });
  t.equal((await call(app, 'GET', `/vpc-endpoint-services/${made.service.id}`)).status, 404);

  const imported = await importState(app, exported);
  t.equal(imported.status, 200);
  t.same(imported.body.imported, {
    domains: 1,
    projects: 1,
    users: 1,
    tokens: 1,
    vpcs: 2,
    subnets: 1,
    loadbalancers: 1,
    endpoint_services: 4,
    permissions: 1,
    endpoints: 1,
    pending_transitions: 1,
  });
  t.same(await exportState(app), exported, 'a second export is identical');

  const service = await call(app, 'GET', `/vpc-endpoint-services/${made.service.id}`);
  t.equal(service.body.service_name, made.service.service_name);
  t.equal(service.body.connection_count, 1);
  t.same(service.body.tags, [{ key: 'team', value: 'a' }]);
  const endpoint = await call(app, 'GET', `/vpc-endpoints/${made.endpoint.id}`, undefined, CONSUMER);
  t.equal(endpoint.body.status, 'accepted');
  t.equal(endpoint.body.ip, made.endpoint.ip ?? endpoint.body.ip);
  t.same(endpoint.body.dns_names, dnsNames);
  t.equal(service.body.ip, '10.9.8.7');
  const records = await call(app, 'GET', `/vpc-endpoint-services/${made.service.id}/permissions`);
  t.equal(records.body.permissions[0].description, 'the consumer');
  const connections = await call(app, 'GET', `/vpc-endpoint-services/${made.service.id}/connections`);
  t.equal(connections.body.connections[0].description, 'shop link');
  const failed = await call(app, 'GET', `/vpc-endpoint-services/${made.failing.id}`);
  t.same(failed.body.error, [{ error_code: 'EndPoint.0001', error_message: 'gone wrong' }]);
  const validated = await app.inject({
    method: 'GET',
    url: '/v3/auth/tokens',
    headers: { 'x-auth-token': made.token, 'x-subject-token': made.token },
  });
  t.equal(validated.statusCode, 200, 'the imported token still works');
  t.same((await settle(app)).map((c) => [c.id, c.to]), [[made.pending.id, 'available']], 'the pending transition runs');
  const lb = await neutron(app, signedFor(PROJECT), 'GET', `/lbaas/loadbalancers/${made.lb.id}`);
  t.match(lb.body.loadbalancer, { name: 'lb', description: 'front', vip_subnet_id: made.subnet.neutron_subnet_id, vip_address: made.lb.vip_address });
  t.same((await neutron(app, signedFor(PROJECT), 'GET', `/${PROJECT}/vpcs/${made.vpc.id}/tags`)).body, { tags: [{ key: 'env', value: 'test' }] });
});

t.test('a document that fails validation gets a 400 naming the first problem and changes nothing', async (t) => {
  const app = await build(t);
  await populate(app);
  const before = await exportState(app);
  const broken = (change: (doc: any) => void) => {
    const doc = structuredClone(before);
    change(doc);
    return doc;
  };
  const cases: [string, any, RegExp][] = [
    ['not a document', [1, 2], /the document|the request body/],
    ['wrong format', broken((d) => (d.format = 'other')), /format/],
    ['newer version', broken((d) => (d.version = 2)), /version/],
    ['bad status', broken((d) => (d.endpoint_services[1].status = 'sleeping')), /endpoint_services\[1\]\.status/],
    ['bad time', broken((d) => (d.endpoints[0].created_at = 'yesterday')), /endpoints\[0\]\.created_at/],
    ['a day that does not exist', broken((d) => (d.endpoints[0].updated_at = '2026-02-30T00:00:00.000Z')), /endpoints\[0\].*not a real time/],
    ['duplicate service', broken((d) => d.endpoint_services.push(d.endpoint_services[0])), /endpoint_services\[4\]/],
    [
      'a port conflict',
      broken((d) => (d.endpoint_services[2].port_id = d.endpoint_services[0].port_id) && (d.endpoint_services[2].ports = d.endpoint_services[0].ports)),
      /endpoint_services\[2\]\.ports\[0\]/,
    ],
    ['unknown action', broken((d) => (d.pending_transitions[0].action = 'x.y')), /pending_transitions\[0\]: no action x\.y/],
    ['orphan transition', broken((d) => (d.pending_transitions[0].resource_id = 'nobody')), /pending_transitions\[0\]: no resource/],
    ['a whitelist record id twice', broken((d) => d.endpoint_services[0].permissions.push(d.endpoint_services[0].permissions[0])), /endpoint_services\[0\]\.permissions\[1\]/],
    ['repeated tag key', broken((d) => d.endpoints[0].tags.push({ key: 'k', value: 'w' })), /endpoints\[0\].*tags\[1\]\.key/],
  ];
  for (const [what, doc, message] of cases) {
    const res = await importState(app, doc);
    t.equal(res.status, 400, what);
    t.equal(res.body.error_code, 'EndPoint.0002', what);
    t.match(res.body.error_msg, message, what);
  }
  t.same(await exportState(app), before, 'nothing changed');
});

t.test('a hand-written document needs only what has no default', async (t) => {
  const app = await build(t, { delay: { kind: 'fixed', ms: 0 } });
  const service = '5f1b3c2a-9d4e-4c6b-8a7f-0e1d2c3b4a59';
  const res = await importState(app, {
    format: 'vpcep-emulator-state',
    version: 1,
    endpoint_services: [
      {
        id: service,
        project_id: PROJECT,
        name: 'seeded',
        status: 'available',
        port_id: '4189d3c2-8882-4871-a3c2-d380272eed88',
        vpc_id: '4189d3c2-8882-4871-a3c2-d380272eed80',
        server_type: 'LB',
        approval_enabled: false,
        ports: [{ client_port: 80, server_port: 8080 }],
        permissions: [{ permission: `iam:domain::${CONSUMER}` }],
      },
    ],
    endpoints: [
      {
        id: 'b7c8d9e0-1f2a-4b3c-8d4e-5f6a7b8c9d0e',
        project_id: CONSUMER,
        service_id: service,
        status: 'accepted',
        vpc_id: 'd7b2bf07-1b4c-43fa-bd88-d80c6ebea140',
        subnet_id: '61881173-3899-4981-a700-170253d469b6',
      },
    ],
  });
  t.equal(res.status, 200, JSON.stringify(res.body));
  const got = await call(app, 'GET', `/vpc-endpoint-services/${service}`);
  t.equal(got.body.service_name, `eu-de.seeded.${service}`);
  t.equal(got.body.tcp_proxy, 'close', 'defaults as on create');
  t.equal(got.body.connection_count, 1);
  const endpoint = await call(app, 'GET', '/vpc-endpoints/b7c8d9e0-1f2a-4b3c-8d4e-5f6a7b8c9d0e', undefined, CONSUMER);
  t.equal(endpoint.body.endpoint_service_name, `eu-de.seeded.${service}`, 'copied from the service');
  t.equal(endpoint.body.ip, '192.168.0.2', 'an address is allocated');
  t.type(endpoint.body.marker_id, 'number');
  const permissions = await call(app, 'GET', `/vpc-endpoint-services/${service}/permissions`);
  t.same(permissions.body.permissions.map((p: any) => p.permission), [`iam:domain::${CONSUMER}`]);

  const orphan = await importState(app, {
    format: 'vpcep-emulator-state',
    version: 1,
    endpoints: [{ id: 'b7c8d9e0-1f2a-4b3c-8d4e-5f6a7b8c9d0e', project_id: CONSUMER, service_id: service, status: 'accepted', vpc_id: service }],
  });
  t.equal(orphan.status, 400);
  t.match(orphan.body.error_msg, 'endpoints[0]: service 5f1b3c2a-9d4e-4c6b-8a7f-0e1d2c3b4a59 is neither in the document nor public');
});

t.test('reset of one project leaves the others; public services and identity survive a plain reset', async (t) => {
  const app = await build(t);
  const made = await populate(app);
  const removed = await reset(app, `?project=${CONSUMER}`);
  t.same(removed, {
    pending_transitions: 1,
    endpoints: 1,
    tags: 1,
    permissions: 0,
    endpoint_services: 2,
    loadbalancers: 0,
    subnets: 0,
    vpcs: 1,
  });
  t.equal((await call(app, 'GET', `/vpc-endpoint-services/${made.service.id}`)).status, 200, "the owner's service stays");
  t.equal((await call(app, 'GET', `/vpcs/${made.broken.id}`, undefined, CONSUMER)).status, 404, "the consumer's VPC goes");
  t.equal((await call(app, 'GET', `/vpcs/${made.vpc.id}`)).status, 200, "the owner's VPC stays");
  t.equal((await neutron(app, signedFor(PROJECT), 'GET', `/lbaas/loadbalancers/${made.lb.id}`)).status, 200, 'and its load balancer');
  t.equal((await call(app, 'GET', `/vpc-endpoint-services/${made.other.id}`, undefined, CONSUMER)).status, 404);
  t.equal((await call(app, 'GET', `/vpc-endpoints/${made.endpoint.id}`, undefined, CONSUMER)).status, 404);

  const all = await reset(app);
  t.equal(all.endpoint_services, 2);
  t.same([all.vpcs, all.subnets, all.loadbalancers, all.tags], [1, 1, 1, 3], "the owner's companion resources with their tags");
  t.equal(all.tokens, undefined, 'identity is not touched');
  const publicList = await call(app, 'GET', '/vpc-endpoint-services/public');
  t.equal(publicList.body.total_count, 3, 'the public catalogue is part of the emulator, not its data');
  const validated = await app.inject({
    method: 'GET',
    url: '/v3/auth/tokens',
    headers: { 'x-auth-token': made.token, 'x-subject-token': made.token },
  });
  t.equal(validated.statusCode, 200, 'logged-in clients stay logged in');
  const bad = await control(app, 'POST', '/reset?project=no%20such');
  t.equal(bad.status, 400);
  t.equal(bad.body.error_code, 'EndPoint.0014', 'a project id is checked as everywhere');
});

t.test('VPCEP_SEED loads a state document once, into an empty database', async (t) => {
  const dir = t.testdir();
  const source = await build(t);
  const made = await populate(source);
  const seed = join(dir, 'seed.json');
  writeFileSync(seed, JSON.stringify(await exportState(source)));
  const db = join(dir, 'vpcep.db');

  const first = await build(t, { db, seed });
  t.equal((await call(first, 'GET', `/vpc-endpoint-services/${made.service.id}`)).body.status, 'available');
  await call(first, 'DELETE', `/vpc-endpoint-services/${made.other.id}`, undefined, CONSUMER);
  await settle(first);
  await first.close();

  const second = await build(t, { db, seed });
  t.equal(
    (await call(second, 'GET', `/vpc-endpoint-services/${made.other.id}`, undefined, CONSUMER)).status,
    404,
    'a restart does not load the seed again over existing data',
  );
});

t.test('a bad seed stops the start with one message naming the file and the problem', async (t) => {
  const dir = t.testdir();
  const files = {
    missing: [join(dir, 'nope.json'), /nope\.json: ENOENT/],
    notJson: [join(dir, 'broken.json'), /broken\.json: .*JSON/],
    invalid: [join(dir, 'invalid.json'), /invalid\.json: version must be 1/],
  } as const;
  writeFileSync(files.notJson[0], '{"format": ');
  writeFileSync(files.invalid[0], JSON.stringify({ format: 'vpcep-emulator-state', version: 7 }));
  for (const [path, message] of Object.values(files)) {
    await t.rejects(buildApp({ config: testConfig({ seed: path }) }), { name: 'StartupError', message });
  }
});

t.test('examples/seed.json: an available service with a whitelist and an accepted endpoint', async (t) => {
  const app = await build(t, { seed: 'examples/seed.json' });
  const owner = '6e9dfd51d1124e8d8498dce894923a0d';
  const consumer = '0df25bbc87ff4c62f88c00c2959df9a0';
  const services = (await call(app, 'GET', '/vpc-endpoint-services', undefined, owner)).body.endpoint_services;
  t.match(services, [{ status: 'available', service_name: /^eu-de\.seeded-demo\./, connection_count: 1 }]);
  const whitelist = await call(app, 'GET', `/vpc-endpoint-services/${services[0].id}/permissions`, undefined, owner);
  t.same(whitelist.body.permissions.map((p: any) => p.permission), [`iam:domain::${consumer}`]);
  const endpoints = (await call(app, 'GET', '/vpc-endpoints', undefined, consumer)).body.endpoints;
  t.match(endpoints, [{ status: 'accepted', ip: '192.168.0.2', endpoint_service_id: services[0].id, dns_names: [/vpcep/] }]);
});

t.test("the export shows each service's enable_policy as stored", async (t) => {
  const app = await build(t);
  const policed = await createService(app, { enable_policy: true });
  const open = await createService(app, { port_id: '22222222-2222-4222-8222-222222222222' });
  const exported = await exportState(app);
  t.same(exported.endpoint_services.map((s: any) => [s.id, s.enable_policy]), [[policed.id, true], [open.id, false]]);
});

t.test("the export shows each endpoint's flags as stored", async (t) => {
  const app = await build(t);
  const open = await createService(app, { approval_enabled: false });
  const guarded = await createService(app, { approval_enabled: true, port_id: '22222222-2222-4222-8222-222222222222' });
  await settle(app);
  const first = await createEndpoint(app, open.id, { enable_dns: true, enable_whitelist: true, whitelist: ['10.0.0.1'] });
  const second = await createEndpoint(app, guarded.id, { enable_dns: false, enable_whitelist: false });
  await settle(app);
  const exported = await exportState(app);
  t.same(
    exported.endpoints.map((e: any) => [e.id, e.status, e.enable_dns, e.enable_whitelist, e.approval_required, e.ever_accepted]),
    [
      [first.id, 'accepted', true, true, false, true],
      [second.id, 'pendingAcceptance', false, false, true, false],
    ],
  );
});

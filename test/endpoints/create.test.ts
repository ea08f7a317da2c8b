// Creating an endpoint: the response object, the defaults, the interface and gateway variants, and
// every validation rule with its error code.
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { OTHER_PROJECT, build, call, createService } from '../helper.js';
import { cryptoRandom } from '../../src/runtime/random.js';
import {
  SUBNET,
  VPC,
  availableService,
  createEndpoint,
  endpointBecomes,
  endpointBody,
  frozenWithServices,
  getEndpoint,
  publicService,
} from './helper.js';

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const OTHER_VPC = '0b4f9a4e-7d6b-4c1e-9d35-2f0c7d1f6a11';
const DEFAULT_POLICY = [{ Effect: 'Allow', Action: ['obs:*:*'], Resource: ['obs:*:*:*:*/*', 'obs:*:*:*:*'] }];

async function setup(t: any) {
  const app = await build(t, { delay: { kind: 'fixed', ms: 0 } });
  const service = await availableService(app, { approval_enabled: false, service_name: 'web' });
  return { app, service, obs: await publicService(app, 'obs'), dns: await publicService(app, 'dns') };
}

t.test('an interface endpoint: the create response and its defaults', async (t) => {
  const { app, service } = await setup(t);
  const res = await call(app, 'POST', '/vpc-endpoints', endpointBody(service.id, { tags: [{ key: 'k', value: 'v' }] }));
  t.equal(res.status, 200);
  const ep = res.body;
  t.match(ep.id, /^[0-9a-f-]{36}$/);
  t.equal(ep.status, 'creating');
  t.equal(ep.service_type, 'interface');
  t.equal(ep.endpoint_service_id, service.id);
  t.equal(ep.endpoint_service_name, `eu-de.web.${service.id}`, 'the full service name');
  t.same(ep.active_status, ['active']);
  t.equal(ep.enable_status, 'enable');
  t.ok(Number.isInteger(ep.marker_id) && ep.marker_id > 0 && ep.marker_id < 2 ** 31, 'marker_id is a 32-bit integer');
  t.equal(ep.vpc_id, VPC);
  t.equal(ep.subnet_id, SUBNET);
  t.equal(ep.project_id, service.project_id);
  t.same(ep.tags, [{ key: 'k', value: 'v' }]);
  t.same(ep.whitelist, []);
  t.equal(ep.enable_whitelist, false);
  t.equal(ep.enable_dns, false);
  t.notOk('dns_names' in ep, 'the create answer has no dns_names (removed on 2025-06-25)');
  t.equal(ep.specification_name, 'default');
  t.equal(ep.description, '');
  t.match(ep.endpoint_pool_id, /^[0-9a-f-]{36}$/);
  t.match(ep.created_at, TIMESTAMP);
  t.equal(ep.updated_at, ep.created_at);
  t.notOk('ip' in ep, 'no ip before the service accepts the endpoint');
  t.notOk('routetables' in ep, 'no gateway fields');
  t.notOk('policy_statement' in ep);
  const got = await endpointBecomes(app, ep.id, 'accepted');
  t.match(got.ip, /^\d+\.\d+\.\d+\.\d+$/, 'an accepted interface endpoint has its address');
  t.notOk('dns_names' in got, 'no dns_names without enable_dns');
  t.equal(got.created_at, ep.created_at, 'created_at is stable');
});

t.test('each endpoint gets its own marker_id', async (t) => {
  const { app, service } = await setup(t);
  const markers = new Set();
  for (let i = 0; i < 5; i++) markers.add((await createEndpoint(app, service.id)).marker_id);
  t.equal(markers.size, 5);
});

t.test('a marker_id another endpoint has is drawn again', async (t) => {
  // The random source answers these markers in turn: the second endpoint first draws the first one's.
  const draws = [16_777_510, 16_777_510, 201_515_772];
  const random = { ...cryptoRandom, int: (min: number, max: number) => draws.shift() ?? cryptoRandom.int(min, max) };
  const app = await build(t, { delay: { kind: 'manual' } }, { random });
  const service = await availableService(app, { approval_enabled: false });
  const first = await createEndpoint(app, service.id);
  const second = await createEndpoint(app, service.id);
  t.same([first.marker_id, second.marker_id], [16_777_510, 201_515_772]);
});

t.test('enable_dns gives the endpoint one domain name', async (t) => {
  const { app, service } = await setup(t);
  const ep = await createEndpoint(app, service.id, { enable_dns: true });
  t.equal(ep.enable_dns, true);
  t.notOk('dns_names' in ep, 'not in the create answer');
  const got = (await getEndpoint(app, ep.id)).body;
  t.equal(got.dns_names.length, 1);
  t.match(got.dns_names[0], new RegExp(`^${ep.id}\\.`));
  const listed = (await call(app, 'GET', `/vpc-endpoints?id=${ep.id}`)).body.endpoints[0];
  t.same(listed.dns_names, got.dns_names, 'the list shows it too');
});

t.test('port_ip is the address once accepted; without it one is allocated, unique in the subnet', async (t) => {
  const { app, service } = await setup(t);
  const chosen = await createEndpoint(app, service.id, { port_ip: '192.168.0.2' });
  t.equal((await endpointBecomes(app, chosen.id, 'accepted')).ip, '192.168.0.2');

  const taken = await call(app, 'POST', '/vpc-endpoints', endpointBody(service.id, { port_ip: '192.168.0.2' }));
  t.equal(taken.status, 400);
  t.equal(taken.body.error_code, 'EndPoint.2042');
  t.match(taken.body.error_msg, '192.168.0.2');

  const elsewhere = await createEndpoint(app, service.id, {
    port_ip: '192.168.0.2',
    subnet_id: 'aaaaaaaa-3899-4981-a700-170253d469b6',
  });
  t.equal((await endpointBecomes(app, elsewhere.id, 'accepted')).ip, '192.168.0.2', 'another subnet may use it');

  const first = await createEndpoint(app, service.id);
  const second = await createEndpoint(app, service.id);
  const ips = [(await endpointBecomes(app, first.id, 'accepted')).ip, (await endpointBecomes(app, second.id, 'accepted')).ip];
  t.same(ips, ['192.168.0.3', '192.168.0.4'], 'allocation skips the address in use');
});

t.test('an address is free again once its endpoint is gone', async (t) => {
  const { app, service } = await setup(t);
  const ep = await createEndpoint(app, service.id, { port_ip: '10.0.0.9' });
  await call(app, 'DELETE', `/vpc-endpoints/${ep.id}`);
  await endpointBecomes(app, ep.id, undefined);
  const again = await call(app, 'POST', '/vpc-endpoints', endpointBody(service.id, { port_ip: '10.0.0.9' }));
  t.equal(again.status, 200);
});

t.test('interface fields as given', async (t) => {
  const { app, service } = await setup(t);
  const ep = await createEndpoint(app, service.id, {
    whitelist: ['10.0.0.1', '10.1.0.0/16'],
    enable_whitelist: true,
    specification_name: 'default',
    description: 'reaches the web service',
    routetables: [OTHER_VPC],
    policy_statement: [{ Effect: 'Deny', Action: ['*'], Resource: ['*'] }],
  });
  t.same(ep.whitelist, ['10.0.0.1', '10.1.0.0/16']);
  t.equal(ep.enable_whitelist, true);
  t.equal(ep.description, 'reaches the web service');
  t.notOk('routetables' in ep, 'gateway-only fields are ignored for interface endpoints');
  t.notOk('policy_statement' in ep);
});

t.test('a gateway endpoint: no subnet, the default route table and policy', async (t) => {
  const { app, obs } = await setup(t);
  const res = await call(app, 'POST', '/vpc-endpoints', { endpoint_service_id: obs.id, vpc_id: VPC });
  t.equal(res.status, 200);
  const ep = res.body;
  t.equal(ep.service_type, 'gateway');
  t.equal(ep.endpoint_service_name, 'com.t-systems.otc.eu-de.obs');
  t.same(ep.policy_statement, DEFAULT_POLICY);
  t.equal(ep.routetables.length, 1);
  // A name-based UUID: the same for this VPC in every emulator and every version, since saved databases and
  // state documents hold it and a new default would no longer match their endpoints' route tables.
  t.equal(ep.routetables[0], 'dc0426c0-9aef-57e0-88aa-f7640eee80f8');
  for (const field of ['subnet_id', 'whitelist', 'enable_whitelist', 'ip']) t.notOk(field in ep, `no ${field}`);

  const sameVpc = await call(app, 'POST', '/vpc-endpoints', endpointBody(obs.id, { subnet_id: undefined, routetables: [] }));
  t.equal(sameVpc.status, 400, "[] means the default route table, which the first endpoint has");
  t.equal(sameVpc.body.error_code, 'EndPoint.2039');
  t.match(sameVpc.body.error_msg, ep.routetables[0]);
  const otherVpc = await createEndpoint(app, obs.id, { subnet_id: undefined, vpc_id: OTHER_VPC });
  t.not(otherVpc.routetables[0], ep.routetables[0], 'another VPC has another default route table');
  const otherProject = await createEndpoint(app, obs.id, { subnet_id: undefined }, OTHER_PROJECT);
  t.same(otherProject.routetables, ep.routetables, "another project's endpoint does not count");

  const accepted = await endpointBecomes(app, ep.id, 'accepted');
  t.notOk('ip' in accepted, 'a gateway endpoint never shows an ip');
  t.notOk('dns_names' in accepted, 'nor dns_names');
  await call(app, 'DELETE', `/vpc-endpoints/${ep.id}`);
  await endpointBecomes(app, ep.id, undefined);
  const again = await createEndpoint(app, obs.id, { subnet_id: undefined });
  t.same(again.routetables, ep.routetables, 'the default route table is free again once the endpoint is gone, and stable');
});

t.test('a route table backs one gateway endpoint of a service', async (t) => {
  const { app, obs } = await setup(t);
  const tables = ['cd7fdf2b-d964-4a4a-a169-2af1112e7d02', '6416b1df-bbe8-4e51-8fa3-4d169b8cc3aa'];
  await createEndpoint(app, obs.id, { routetables: [tables[0]] });
  const second = await call(app, 'POST', '/vpc-endpoints', endpointBody(obs.id, { routetables: tables }));
  t.equal(second.status, 400);
  t.equal(second.body.error_code, 'EndPoint.2039');
  t.equal(
    second.body.error_msg,
    `The route table is being used by another VPC endpoint: route table ${tables[0]} already backs another endpoint of endpoint service ${obs.id}`,
  );
  t.same((await createEndpoint(app, obs.id, { routetables: [tables[1]] })).routetables, [tables[1]], 'a free one is fine');
});

t.test('a gateway endpoint keeps its route tables, policy and enable_dns, but gets no domain name', async (t) => {
  const { app, obs } = await setup(t);
  const tables = ['cd7fdf2b-d964-4a4a-a169-2af1112e7d02', '6416b1df-bbe8-4e51-8fa3-4d169b8cc3aa'];
  const ep = await createEndpoint(app, obs.id, {
    routetables: tables,
    enable_dns: true,
    port_ip: '192.168.0.50',
    whitelist: ['10.0.0.1'],
    policy_statement: [
      { Effect: 'Allow', Action: ['obs:object:GetObject'], Resource: ['obs:*:*:object:bucket/*'] },
      { effect: 'Deny', action: ['obs:bucket:*'], resource: ['*'] },
    ],
  });
  t.same(ep.routetables, tables);
  t.equal(ep.enable_dns, true);
  t.notOk('dns_names' in (await getEndpoint(app, ep.id)).body, 'a gateway endpoint has no domain name');
  t.equal(ep.subnet_id, SUBNET, 'a subnet that was given is kept');
  t.same(ep.policy_statement, [
    { Effect: 'Allow', Action: ['obs:object:GetObject'], Resource: ['obs:*:*:object:bucket/*'] },
    { Effect: 'Deny', Action: ['obs:bucket:*'], Resource: ['*'] },
  ], 'the lowercase spelling of the Go SDK is answered in the documented one');
  t.notOk('whitelist' in ep);
  const again = await call(app, 'POST', '/vpc-endpoints', endpointBody(obs.id, { port_ip: '192.168.0.50' }));
  t.equal(again.status, 200, 'a gateway endpoint holds no address');
});

t.test('an interface public service needs a subnet; a gateway one does not', async (t) => {
  const { app, dns, obs } = await setup(t);
  const noSubnet = await call(app, 'POST', '/vpc-endpoints', { endpoint_service_id: dns.id, vpc_id: VPC });
  t.equal(noSubnet.status, 400);
  t.equal(noSubnet.body.error_code, 'EndPoint.2010');
  t.match(noSubnet.body.error_msg, 'subnet_id');
  const withSubnet = await createEndpoint(app, dns.id, {}, OTHER_PROJECT);
  t.equal((await endpointBecomes(app, withSubnet.id, 'accepted', OTHER_PROJECT)).status, 'accepted', 'public services need no approval');
  const gateway = await createEndpoint(app, obs.id, { subnet_id: undefined }, OTHER_PROJECT);
  t.equal(gateway.status, 'creating');
});

t.test('the target service must exist and be available', async (t) => {
  const { app, services } = await frozenWithServices(t, {});
  const missing = await call(app, 'POST', '/vpc-endpoints', endpointBody('4189d3c2-8882-4871-a3c2-d380272eed99'));
  t.equal(missing.status, 400);
  t.equal(missing.body.error_code, 'EndPoint.2003');
  t.match(missing.body.error_msg, '4189d3c2-8882-4871-a3c2-d380272eed99');

  const creating = await createService(app, { ports: [{ client_port: 80, server_port: 80 }] });
  const notYet = await call(app, 'POST', '/vpc-endpoints', endpointBody(creating.id));
  t.equal(notYet.status, 400);
  t.equal(notYet.body.error_code, 'EndPoint.2004');
  t.match(notYet.body.error_msg, 'is creating');

  await call(app, 'DELETE', `/vpc-endpoint-services/${services[0].id}`);
  const deleting = await call(app, 'POST', '/vpc-endpoints', endpointBody(services[0].id));
  t.equal(deleting.status, 400);
  t.equal(deleting.body.error_code, 'EndPoint.2004');
  t.match(deleting.body.error_msg, 'is deleting');
});

// ---- validation -------------------------------------------------------------------------------

interface Reject {
  name: string;
  body: Record<string, unknown>;
  code: string;
  field: string;
}

const INTERFACE_REJECTIONS: Reject[] = [
  { name: 'endpoint_service_id missing', body: { endpoint_service_id: undefined }, code: 'EndPoint.2029', field: 'endpoint_service_id' },
  { name: 'endpoint_service_id not a UUID', body: { endpoint_service_id: 'eu-de.web' }, code: 'EndPoint.3062', field: 'endpoint_service_id' },
  { name: 'vpc_id missing', body: { vpc_id: undefined }, code: 'EndPoint.2011', field: 'vpc_id' },
  { name: 'vpc_id not a UUID', body: { vpc_id: 'vpc-1' }, code: 'EndPoint.0020', field: 'vpc_id' },
  { name: 'subnet_id missing', body: { subnet_id: undefined }, code: 'EndPoint.2010', field: 'subnet_id' },
  { name: 'subnet_id empty', body: { subnet_id: '' }, code: 'EndPoint.2010', field: 'subnet_id' },
  { name: 'subnet_id not a UUID', body: { subnet_id: 'subnet-1' }, code: 'EndPoint.0023', field: 'subnet_id' },
  { name: 'port_ip not an address', body: { port_ip: 'ten' }, code: 'EndPoint.2041', field: 'port_ip' },
  { name: 'port_ip with an octet over 255', body: { port_ip: '192.168.0.256' }, code: 'EndPoint.2041', field: 'port_ip' },
  { name: 'port_ip with three octets', body: { port_ip: '192.168.0' }, code: 'EndPoint.2041', field: 'port_ip' },
  { name: 'port_ip IPv6', body: { port_ip: 'fe80::1' }, code: 'EndPoint.2041', field: 'port_ip' },
  { name: 'port_ip as a CIDR', body: { port_ip: '10.0.0.1/32' }, code: 'EndPoint.2041', field: 'port_ip' },
  { name: 'enable_dns as a string', body: { enable_dns: 'true' }, code: 'EndPoint.2033', field: 'enable_dns' },
  { name: 'whitelist item not an address', body: { whitelist: ['10.0.0.1', 'anywhere'] }, code: 'EndPoint.2044', field: 'whitelist[1]' },
  { name: 'whitelist CIDR prefix over 32', body: { whitelist: ['10.0.0.0/33'] }, code: 'EndPoint.2044', field: 'whitelist[0]' },
  { name: 'whitelist not an array', body: { whitelist: '10.0.0.1' }, code: 'EndPoint.2044', field: 'whitelist' },
  { name: 'whitelist of 21 records', body: { whitelist: Array.from({ length: 21 }, (_, i) => `10.0.0.${i}`) }, code: 'EndPoint.2045', field: 'whitelist' },
  { name: 'enable_whitelist as a number', body: { enable_whitelist: 1 }, code: 'EndPoint.0002', field: 'enable_whitelist' },
  { name: 'routetables item not a UUID', body: { routetables: ['rtb-1'] }, code: 'EndPoint.1019', field: 'routetables[0]' },
  { name: 'specification_name empty', body: { specification_name: '' }, code: 'EndPoint.0015', field: 'specification_name' },
  { name: 'specification_name with a space', body: { specification_name: 'big one' }, code: 'EndPoint.0015', field: 'specification_name' },
  { name: 'description with <', body: { description: '<b>' }, code: 'EndPoint.0002', field: 'description' },
  { name: 'description of 129 characters', body: { description: 'd'.repeat(129) }, code: 'EndPoint.0002', field: 'description' },
  { name: 'tags with a repeated key', body: { tags: [{ key: 'a', value: '1' }, { key: 'a', value: '2' }] }, code: 'EndPoint.3067', field: 'tags[1].key' },
  { name: 'tags of 21', body: { tags: Array.from({ length: 21 }, (_, i) => ({ key: `k${i}`, value: 'v' })) }, code: 'EndPoint.3069', field: 'tags' },
  { name: 'tag key empty', body: { tags: [{ key: '', value: 'v' }] }, code: 'EndPoint.3066', field: 'tags[0].key' },
  // The create-endpoint page's tag rule: keys up to 36, values up to 43 letters, digits, -, _ and @.
  { name: 'tag key of 37', body: { tags: [{ key: 'k'.repeat(37), value: 'v' }] }, code: 'EndPoint.3072', field: 'tags[0].key' },
  { name: 'tag value of 44', body: { tags: [{ key: 'k', value: 'v'.repeat(44) }] }, code: 'EndPoint.3073', field: 'tags[0].value' },
  { name: 'tag key with a dot', body: { tags: [{ key: 'a.b', value: 'v' }] }, code: 'EndPoint.3068', field: 'tags[0].key' },
  { name: 'tag value with a space', body: { tags: [{ key: 'k', value: 'a b' }] }, code: 'EndPoint.3068', field: 'tags[0].value' },
  { name: 'whitelist of 1001 records in one request', body: { whitelist: Array.from({ length: 1001 }, (_, i) => `10.0.${i >> 8}.${i & 255}`) }, code: 'EndPoint.0016', field: 'whitelist' },
];

const POLICY_REJECTIONS: Reject[] = [
  { name: 'policy without Effect', body: { policy_statement: [{ Action: ['*'], Resource: ['*'] }] }, code: 'EndPoint.2048', field: 'policy_statement[0].Effect' },
  { name: 'policy without Action', body: { policy_statement: [{ Effect: 'Allow', Resource: ['*'] }] }, code: 'EndPoint.2048', field: 'policy_statement[0].Action' },
  { name: 'policy without resource, lowercase', body: { policy_statement: [{ effect: 'Allow', action: ['*'] }] }, code: 'EndPoint.2048', field: 'policy_statement[0].Resource' },
  { name: 'policy Effect outside the enum', body: { policy_statement: [{ Effect: 'Maybe', Action: ['*'], Resource: ['*'] }] }, code: 'EndPoint.2048', field: 'policy_statement[0].Effect' },
  { name: 'policy Action a string', body: { policy_statement: [{ Effect: 'Allow', Action: '*', Resource: ['*'] }] }, code: 'EndPoint.2048', field: 'policy_statement[0].Action' },
  { name: 'policy Action empty', body: { policy_statement: [{ Effect: 'Allow', Action: [], Resource: ['*'] }] }, code: 'EndPoint.2048', field: 'policy_statement[0].Action' },
  { name: 'policy statement not an object', body: { policy_statement: ['allow all'] }, code: 'EndPoint.2048', field: 'policy_statement[0]' },
  {
    name: 'policy of 11 statements',
    body: { policy_statement: Array.from({ length: 11 }, () => ({ Effect: 'Allow', Action: ['*'], Resource: ['*'] })) },
    code: 'EndPoint.2048',
    field: 'policy_statement',
  },
];

async function expectRejections(t: any, app: FastifyInstance, serviceId: string, cases: Reject[]) {
  for (const c of cases) {
    await t.test(c.name, async (t: any) => {
      const res = await call(app, 'POST', '/vpc-endpoints', endpointBody(serviceId, c.body));
      t.equal(res.status, 400);
      t.equal(res.body.error_code, c.code);
      t.match(res.body.error_msg, c.field);
    });
  }
}

t.test('rejected bodies name the field and use the documented code', async (t) => {
  const { app, service, obs } = await setup(t);
  await expectRejections(t, app, service.id, INTERFACE_REJECTIONS);
  await expectRejections(t, app, obs.id, POLICY_REJECTIONS);
  const list = await call(app, 'GET', '/vpc-endpoints');
  t.equal(list.body.total_count, 0, 'no rejected request left an endpoint behind');
});

t.test('the endpoint whitelist maximum is a setting', async (t) => {
  const app = await build(t, { delay: { kind: 'fixed', ms: 0 }, maxEndpointWhitelist: 2 });
  const service = await availableService(app);
  const two = ['10.0.0.1', '10.0.0.2'];
  t.same((await createEndpoint(app, service.id, { whitelist: two })).whitelist, two, 'at the maximum');
  const three = await call(app, 'POST', '/vpc-endpoints', endpointBody(service.id, { whitelist: [...two, '10.0.0.3'] }));
  t.equal(three.status, 400);
  t.equal(three.body.error_code, 'EndPoint.2045');
  t.match(three.body.error_msg, 'at most 2');
});

t.test('accepted at the limits', async (t) => {
  const { app, service, obs } = await setup(t);
  const whitelist = Array.from({ length: 20 }, (_, i) => (i % 2 ? `10.0.${i}.0/24` : `10.0.0.${i}`));
  t.same((await createEndpoint(app, service.id, { whitelist })).whitelist, whitelist, '20 whitelist records');
  t.same((await createEndpoint(app, service.id, { whitelist: ['0.0.0.0/0', '255.255.255.255/32'] })).whitelist, ['0.0.0.0/0', '255.255.255.255/32']);
  const policy = Array.from({ length: 10 }, () => ({ Effect: 'Allow', Action: ['*'], Resource: ['*'] }));
  t.equal((await createEndpoint(app, obs.id, { policy_statement: policy })).policy_statement.length, 10, '10 statements');
  t.same((await createEndpoint(app, obs.id, { policy_statement: [], vpc_id: OTHER_VPC })).policy_statement, [], 'an empty policy stays empty');
  t.equal((await createEndpoint(app, service.id, { description: 'd'.repeat(128) })).description.length, 128);
  const tag = { key: `k${'é'.repeat(32)}@_-`, value: `${'Ü9'.repeat(20)}@_-` };
  t.same((await createEndpoint(app, service.id, { tags: [tag] })).tags, [tag], 'a tag of 36 and 43 characters, any letters');
});

t.test('unknown fields are ignored: an ip in the body is neither shown, nor given, nor taken', async (t) => {
  const { app, service } = await setup(t);
  const plain = await createEndpoint(app, service.id, { vpc_id: OTHER_VPC });
  const unknown = await createEndpoint(app, service.id, { public_border_group: 'center', ip: '1.2.3.4', colour: 'blue' });
  t.equal(unknown.status, 'creating');
  t.notOk('colour' in unknown, 'an unknown field is not echoed');
  t.notOk('ip' in unknown, 'no address before acceptance, whatever the body said');
  t.same(Object.keys(unknown).sort(), Object.keys(plain).sort(), 'the same fields as a create without them');
  const accepted = await endpointBecomes(app, unknown.id, 'accepted');
  t.not(accepted.ip, '1.2.3.4', 'the address is allocated, not taken from the body');
  t.match(accepted.ip, /^192\.168\.0\.\d+$/, 'from the usual range');
  const chosen = await createEndpoint(app, service.id, { port_ip: '1.2.3.4', vpc_id: OTHER_VPC });
  t.equal((await endpointBecomes(app, chosen.id, 'accepted')).ip, '1.2.3.4', 'and 1.2.3.4 is still free for port_ip');
});

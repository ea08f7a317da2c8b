// ELB v2 load balancers under Neutron's /v2.0/lbaas, for the token's project: create (PENDING_CREATE, then
// ACTIVE), the VIP address, query, list with filters, update, delete (PENDING_DELETE, then gone), and
// errors in Neutron's format.
import t from 'tap';
import { OTHER_PROJECT, PROJECT, build, call } from '../helper.js';
import { createLoadBalancer, lbServiceBody, network, neutron, signedFor, tokenFor } from '../network/helper.js';
import { settle, waitFor } from '../support/control.js';

async function setup(t: any, config = {}) {
  const app = await build(t, config);
  const { vpc, subnet } = await network(app);
  const token = await tokenFor(app);
  return { app, vpc, subnet, token };
}

t.test('a load balancer is PENDING_CREATE, then ACTIVE, with a VIP port from the top of the pool', async (t) => {
  const { app, subnet, token } = await setup(t);
  const created = await neutron(app, token, 'POST', '/lbaas/loadbalancers', {
    loadbalancer: { name: 'lb-1', description: 'first', vip_subnet_id: subnet.neutron_subnet_id, admin_state_up: true, tenant_id: PROJECT },
  });
  t.equal(created.status, 201, 'create answers 201, as gophertelekomcloud expects');
  const lb = created.body.loadbalancer;
  t.match(lb, {
    id: /^[0-9a-f-]{36}$/,
    tenant_id: PROJECT,
    project_id: PROJECT,
    name: 'lb-1',
    description: 'first',
    vip_subnet_id: subnet.neutron_subnet_id,
    vip_port_id: /^[0-9a-f-]{36}$/,
    vip_address: '192.168.0.251',
    provider: 'vlb',
    listeners: [],
    pools: [],
    operating_status: 'ONLINE',
    provisioning_status: 'PENDING_CREATE',
    admin_state_up: true,
  });
  t.match(await settle(app), [{ kind: 'loadbalancer', id: lb.id, from: 'PENDING_CREATE', to: 'ACTIVE' }]);
  t.equal((await neutron(app, token, 'GET', `/lbaas/loadbalancers/${lb.id}`)).body.loadbalancer.provisioning_status, 'ACTIVE');
  const second = await createLoadBalancer(app, token, subnet.neutron_subnet_id);
  t.equal(second.vip_address, '192.168.0.250', 'the next address down');
  t.equal((await waitFor(app, second.id, 'ACTIVE', 0)).status, 408, 'manual delay: it waits to be settled');
});

t.test('a requested VIP must be a free host address of the subnet', async (t) => {
  const { app, subnet, token } = await setup(t);
  const lb = await createLoadBalancer(app, token, subnet.neutron_subnet_id, { vip_address: '192.168.0.10' });
  t.equal(lb.vip_address, '192.168.0.10');
  const cases: [string, number, string][] = [
    ['192.168.0.10', 409, 'IpAddressAlreadyAllocated'],
    ['192.168.0.1', 409, 'IpAddressAlreadyAllocated'],
    ['192.168.1.10', 400, 'InvalidIpForSubnet'],
    ['192.168.0.255', 400, 'InvalidIpForSubnet'],
  ];
  for (const [address, status, type] of cases) {
    const res = await neutron(app, token, 'POST', '/lbaas/loadbalancers', {
      loadbalancer: { vip_subnet_id: subnet.neutron_subnet_id, vip_address: address },
    });
    t.equal(res.status, status, address);
    t.same(Object.keys(res.body), ['NeutronError']);
    t.match(res.body.NeutronError, { type, message: new RegExp(address.replace(/\./g, '\\.')), detail: '' });
  }
});

t.test('a subnet whose pool is full has no VIP left', async (t) => {
  const app = await build(t);
  const { vpc } = await network(app);
  const small = await call(app, 'POST', '/subnets', {
    subnet: { name: 'small', cidr: '192.168.9.0/28', gateway_ip: '192.168.9.1', vpc_id: vpc.id },
  });
  const token = await tokenFor(app);
  const vips = [];
  for (let i = 0; i < 10; i++) vips.push((await createLoadBalancer(app, token, small.body.subnet.neutron_subnet_id)).vip_address);
  t.same(vips.slice(0, 2), ['192.168.9.11', '192.168.9.10']);
  t.equal(vips.at(-1), '192.168.9.2', 'a /28 hands out .2 to .11');
  const full = await neutron(app, token, 'POST', '/lbaas/loadbalancers', { loadbalancer: { vip_subnet_id: small.body.subnet.neutron_subnet_id } });
  t.same([full.status, full.body.NeutronError.type], [409, 'IpAddressGenerationFailure']);
});

t.test('what a create refuses', async (t) => {
  const { app, subnet, token } = await setup(t);
  const post = (loadbalancer: object) => neutron(app, token, 'POST', '/lbaas/loadbalancers', { loadbalancer });
  const unknown = await post({ vip_subnet_id: subnet.id });
  t.same([unknown.status, unknown.body.NeutronError.type], [404, 'SubnetNotFound'], 'the v1 id is not the Neutron subnet id');
  const other = await network(app, OTHER_PROJECT);
  const foreign = await post({ vip_subnet_id: other.subnet.neutron_subnet_id });
  t.same([foreign.status, foreign.body.NeutronError.type], [404, 'SubnetNotFound'], "another project's subnet");
  const tenant = await post({ vip_subnet_id: subnet.neutron_subnet_id, tenant_id: OTHER_PROJECT });
  t.same([tenant.status, tenant.body.NeutronError.type], [403, 'HTTPForbidden']);
  const down = await post({ vip_subnet_id: subnet.neutron_subnet_id, admin_state_up: false });
  t.same([down.status, down.body.NeutronError.type], [400, 'HTTPBadRequest']);
  t.match(down.body.NeutronError.message, 'admin_state_up is reserved');
  const provider = await post({ vip_subnet_id: subnet.neutron_subnet_id, provider: 'octavia' });
  // A body its schema refuses: in Neutron's words for invalid input.
  t.match(provider.body.NeutronError, { type: 'HTTPBadRequest', message: /^Invalid input for operation: loadbalancer\.provider must be one of vlb/ });
  const missing = await post({ name: 'x' });
  t.match(missing, { status: 400, body: { NeutronError: { message: /^Invalid input for operation: loadbalancer\.vip_subnet_id is required\.$/ } } });
});

t.test('list: oldest first, with Neutron filters and paging', async (t) => {
  const { app, subnet, token } = await setup(t);
  const other = await network(app, OTHER_PROJECT);
  await createLoadBalancer(app, await tokenFor(app, OTHER_PROJECT), other.subnet.neutron_subnet_id);
  const a = await createLoadBalancer(app, token, subnet.neutron_subnet_id, { name: 'a' });
  await settle(app);
  const b = await createLoadBalancer(app, token, subnet.neutron_subnet_id, { name: 'b', description: 'two' });
  const ids = async (query = '') =>
    (await neutron(app, token, 'GET', `/lbaas/loadbalancers${query}`)).body.loadbalancers.map((lb: any) => lb.id);
  t.same(await ids(), [a.id, b.id]);
  t.same(await ids('?name=b'), [b.id]);
  t.same(await ids('?description=two'), [b.id]);
  t.same(await ids('?provisioning_status=ACTIVE'), [a.id]);
  t.same(await ids(`?vip_port_id=${a.vip_port_id}`), [a.id]);
  t.same(await ids(`?vip_subnet_id=${subnet.neutron_subnet_id}&vip_address=${b.vip_address}`), [b.id]);
  t.same(await ids(`?id=${a.id}`), [a.id]);
  t.same(await ids('?limit=1'), [a.id]);
  t.same(await ids(`?marker=${a.id}`), [b.id]);
  t.same(await ids('?provider=vlb&operating_status=ONLINE'), [a.id, b.id]);
  const unknown = await neutron(app, token, 'GET', `/lbaas/loadbalancers?marker=${subnet.id}`);
  t.same([unknown.status, unknown.body.NeutronError.type], [400, 'HTTPBadRequest']);
});

t.test('update: name and description once ACTIVE; 409 StateInvalid before', async (t) => {
  const { app, subnet, token } = await setup(t);
  const lb = await createLoadBalancer(app, token, subnet.neutron_subnet_id);
  const path = `/lbaas/loadbalancers/${lb.id}`;
  const early = await neutron(app, token, 'PUT', path, { loadbalancer: { name: 'x' } });
  t.same([early.status, early.body.NeutronError.type], [409, 'StateInvalid'], 'the status Terraform retries');
  await settle(app);
  const updated = await neutron(app, token, 'PUT', path, { loadbalancer: { name: 'renamed', description: 'now', admin_state_up: true } });
  t.equal(updated.status, 200);
  t.match(updated.body.loadbalancer, { name: 'renamed', description: 'now', provisioning_status: 'ACTIVE' });
  const kept = await neutron(app, token, 'PUT', path, { loadbalancer: { description: 'again' } });
  t.match(kept.body.loadbalancer, { name: 'renamed', description: 'again' });
  const down = await neutron(app, token, 'PUT', path, { loadbalancer: { admin_state_up: false } });
  t.equal(down.status, 400);
});

t.test('delete: 204, PENDING_DELETE, then gone with its VIP port; not while PENDING_CREATE', async (t) => {
  const { app, subnet, token } = await setup(t);
  const lb = await createLoadBalancer(app, token, subnet.neutron_subnet_id);
  const path = `/lbaas/loadbalancers/${lb.id}`;
  const early = await neutron(app, token, 'DELETE', path);
  t.same([early.status, early.body.NeutronError.type], [409, 'StateInvalid']);
  await settle(app);
  const deleted = await neutron(app, token, 'DELETE', path);
  t.same([deleted.status, deleted.body], [204, undefined]);
  t.equal((await neutron(app, token, 'GET', path)).body.loadbalancer.provisioning_status, 'PENDING_DELETE');
  t.equal((await neutron(app, token, 'DELETE', path)).status, 204, 'deleting it again is fine');
  t.match(await settle(app), [{ kind: 'loadbalancer', id: lb.id, from: 'PENDING_DELETE', to: 'deleted' }]);
  const gone = await neutron(app, token, 'GET', path);
  t.same([gone.status, gone.body.NeutronError.type], [404, 'EntityNotFound']);
  t.equal((await neutron(app, token, 'GET', `/ports/${lb.vip_port_id}`)).status, 404, 'its VIP port went with it');
  const reused = await createLoadBalancer(app, token, subnet.neutron_subnet_id);
  t.equal(reused.vip_address, lb.vip_address, 'its address is free again');
});

t.test('a load balancer whose VIP port backs an endpoint service stays until the service is gone', async (t) => {
  const { app, vpc, subnet, token } = await setup(t, { references: 'known' });
  const lb = await createLoadBalancer(app, token, subnet.neutron_subnet_id);
  await settle(app);
  const service = await call(app, 'POST', '/vpc-endpoint-services', lbServiceBody(lb.vip_port_id, vpc.id));
  t.equal(service.status, 200);
  await settle(app);
  const path = `/lbaas/loadbalancers/${lb.id}`;
  t.equal((await neutron(app, token, 'DELETE', path)).status, 204, 'answered 204, as the gophertelekomcloud tests expect');
  await settle(app);
  t.equal((await neutron(app, token, 'GET', path)).body.loadbalancer.provisioning_status, 'PENDING_DELETE', 'kept');
  t.equal((await neutron(app, token, 'GET', `/ports/${lb.vip_port_id}`)).status, 200, 'with its VIP port');
  const waited = await waitFor(app, lb.id, 'deleted', 0);
  t.equal(waited.status, 408);
  t.match(waited.body.error_msg, `waiting for endpoint service(s) ${service.body.id} on its VIP port ${lb.vip_port_id} to be deleted`);

  t.equal((await call(app, 'DELETE', `/vpc-endpoint-services/${service.body.id}`)).status, 204);
  const applied = await settle(app);
  t.match(applied, [
    { kind: 'endpoint_service', id: service.body.id, to: 'deleted' },
    { kind: 'loadbalancer', id: lb.id, from: 'PENDING_DELETE', to: 'deleted' },
  ]);
  t.equal((await neutron(app, token, 'GET', path)).status, 404);
});

t.test('a service moving to another port releases the old one', async (t) => {
  const { app, vpc, subnet, token } = await setup(t);
  const first = await createLoadBalancer(app, token, subnet.neutron_subnet_id);
  const second = await createLoadBalancer(app, token, subnet.neutron_subnet_id);
  await settle(app);
  const service = await call(app, 'POST', '/vpc-endpoint-services', lbServiceBody(first.vip_port_id, vpc.id));
  await settle(app);
  await neutron(app, token, 'DELETE', `/lbaas/loadbalancers/${first.id}`);
  t.same(await settle(app), [], 'kept while the service uses it');
  t.equal((await call(app, 'PUT', `/vpc-endpoint-services/${service.body.id}`, { port_id: second.vip_port_id })).status, 200);
  t.match(await settle(app), [{ kind: 'loadbalancer', id: first.id, to: 'deleted' }]);
  t.equal((await neutron(app, token, 'GET', `/lbaas/loadbalancers/${second.id}`)).status, 200);
});

t.test('the VIP port, the network and the Neutron subnet, as Neutron shows them', async (t) => {
  const { app, vpc, subnet, token } = await setup(t);
  const lb = await createLoadBalancer(app, token, subnet.neutron_subnet_id);
  const downPort = (await neutron(app, token, 'GET', `/ports/${lb.vip_port_id}`)).body.port;
  t.equal(downPort.status, 'DOWN', 'DOWN while the load balancer is not ACTIVE');
  await settle(app);
  const port = (await neutron(app, token, 'GET', `/ports/${lb.vip_port_id}`)).body.port;
  t.match(port, {
    id: lb.vip_port_id,
    status: 'ACTIVE',
    admin_state_up: true,
    fixed_ips: [{ subnet_id: subnet.neutron_subnet_id, ip_address: lb.vip_address }],
    mac_address: /^fa:16:3e(:[0-9a-f]{2}){3}$/,
    network_id: subnet.id,
    tenant_id: PROJECT,
    device_id: lb.id,
    device_owner: 'neutron:LOADBALANCERV2',
    'binding:vif_details': {},
    security_groups: [],
  });
  t.equal((await neutron(app, token, 'GET', `/ports/${lb.vip_port_id}`)).body.port.mac_address, port.mac_address, 'a stable MAC');
  const network = (await neutron(app, token, 'GET', `/networks/${subnet.id}`)).body.network;
  t.match(network, { id: subnet.id, name: vpc.id, status: 'ACTIVE', subnets: [subnet.neutron_subnet_id], shared: false, tenant_id: PROJECT });
  const neutronSubnet = (await neutron(app, token, 'GET', `/subnets/${subnet.neutron_subnet_id}`)).body.subnet;
  t.match(neutronSubnet, {
    id: subnet.neutron_subnet_id,
    network_id: subnet.id,
    cidr: '192.168.0.0/24',
    ip_version: 4,
    gateway_ip: '192.168.0.1',
    enable_dhcp: true,
    allocation_pools: [{ start: '192.168.0.2', end: '192.168.0.251' }],
    ipv6_address_mode: null,
  });
  for (const [path, type] of [
    [`/ports/${subnet.id}`, 'PortNotFound'],
    [`/networks/${subnet.neutron_subnet_id}`, 'NetworkNotFound'],
    [`/subnets/${subnet.id}`, 'SubnetNotFound'],
  ]) {
    const res = await neutron(app, token, 'GET', path);
    t.same([res.status, res.body.NeutronError.type], [404, type], path);
  }
});

t.test('an allocation pool around a gateway that lies inside it', async (t) => {
  const app = await build(t);
  const { vpc } = await network(app);
  const subnet = (
    await call(app, 'POST', '/subnets', { subnet: { name: 's', cidr: '192.168.5.0/24', gateway_ip: '192.168.5.100', vpc_id: vpc.id } })
  ).body.subnet;
  const token = await tokenFor(app);
  const pools = (await neutron(app, token, 'GET', `/subnets/${subnet.neutron_subnet_id}`)).body.subnet.allocation_pools;
  t.same(pools, [
    { start: '192.168.5.2', end: '192.168.5.99' },
    { start: '192.168.5.101', end: '192.168.5.251' },
  ]);
});

t.test("another project's load balancers are not found; the project is the token's", async (t) => {
  const { app, subnet, token } = await setup(t);
  const lb = await createLoadBalancer(app, token, subnet.neutron_subnet_id);
  await settle(app);
  const other = await tokenFor(app, OTHER_PROJECT);
  for (const [method, path, body] of [
    ['GET', `/lbaas/loadbalancers/${lb.id}`],
    ['PUT', `/lbaas/loadbalancers/${lb.id}`, { loadbalancer: { name: 'x' } }],
    ['DELETE', `/lbaas/loadbalancers/${lb.id}`],
    ['GET', `/ports/${lb.vip_port_id}`],
    ['GET', `/networks/${subnet.id}`],
    ['GET', `/subnets/${subnet.neutron_subnet_id}`],
  ] as const) {
    t.equal((await neutron(app, other, method, path, body)).status, 404, `${method} ${path}`);
  }
  t.same((await neutron(app, other, 'GET', '/lbaas/loadbalancers')).body, { loadbalancers: [] });
});

t.test('credentials: a token for no project, or one the emulator never issued, is refused in Neutron format', async (t) => {
  const app = await build(t);
  const madeUp = await neutron(app, 'made-up', 'GET', '/lbaas/loadbalancers');
  t.same([madeUp.status, madeUp.body.NeutronError.type], [401, 'HTTPUnauthorized']);
  t.match(madeUp.body.NeutronError.message, 'not issued by this emulator');
  const unscoped = await app.inject({
    method: 'POST',
    url: '/v3/auth/tokens',
    payload: { auth: { identity: { methods: ['password'], password: { user: { name: 'u', password: 'p', domain: { name: 'd' } } } } } },
  });
  const noProject = await neutron(app, unscoped.headers['x-subject-token'] as string, 'GET', '/lbaas/loadbalancers');
  t.same([noProject.status, noProject.body.NeutronError.type], [401, 'HTTPUnauthorized']);
  t.match(noProject.body.NeutronError.message, 'for no project');
  const signed = await neutron(app, signedFor(PROJECT), 'GET', '/lbaas/loadbalancers');
  t.same([signed.status, signed.body], [200, { loadbalancers: [] }], 'an access key acts on X-Project-Id');
});

t.test('unknown /v2.0 paths and methods answer in Neutron format', async (t) => {
  const { app, token } = await setup(t);
  const unknown = await neutron(app, token, 'GET', '/lbaas/listeners');
  t.same([unknown.status, unknown.body.NeutronError.type], [404, 'HTTPNotFound']);
  const method = await neutron(app, token, 'PATCH', '/lbaas/loadbalancers');
  t.same([method.status, method.body.NeutronError.type], [405, 'HTTPMethodNotAllowed']);
  t.equal(method.headers.allow, 'GET, HEAD, POST');
  const broken = await app.inject({
    method: 'POST',
    url: '/v2.0/lbaas/loadbalancers',
    payload: '{',
    headers: { 'x-auth-token': token, 'content-type': 'application/json' },
  });
  t.same([broken.statusCode, broken.json().NeutronError.type], [400, 'HTTPBadRequest']);
  const small = await build(t, { bodyLimit: 128 });
  const large = await neutron(small, signedFor(), 'POST', '/lbaas/loadbalancers', { loadbalancer: { name: 'x'.repeat(200) } });
  t.same([large.status, large.body.NeutronError.type], [413, 'HTTPRequestEntityTooLarge']);
  app.emulator.loadbalancers.store.list = () => {
    throw new Error('disk on fire');
  };
  const failing = await neutron(app, token, 'GET', '/lbaas/loadbalancers');
  t.same([failing.status, failing.body.NeutronError.type], [500, 'HTTPInternalServerError']);
});

// The VPC API v1's subnets: create (UNKNOWN, then ACTIVE), query, list, update, delete, the CIDR rules
// (inside the VPC, no overlap, prefix length up to 28, gateway inside), and what keeps a subnet.
import t from 'tap';
import { OTHER_PROJECT, PROJECT, build, call } from '../helper.js';
import { createLoadBalancer, createSubnet, createVpc, network, neutron, tokenFor } from '../network/helper.js';
import { settle } from '../support/control.js';

t.test('a subnet is UNKNOWN, then ACTIVE, with its Neutron ids and the fields the clients read', async (t) => {
  const app = await build(t);
  const vpc = await createVpc(app);
  const created = await call(app, 'POST', '/subnets', {
    subnet: {
      name: 'subnet-1',
      description: 'first',
      cidr: '192.168.20.0/24',
      gateway_ip: '192.168.20.1',
      primary_dns: '100.125.4.25',
      secondary_dns: '100.125.129.199',
      availability_zone: 'eu-de-01',
      vpc_id: vpc.id,
      extra_dhcp_opts: [{ opt_name: 'ntp', opt_value: '10.100.0.33' }],
      ipv6_enable: false,
    },
  });
  t.equal(created.status, 200);
  const subnet = created.body.subnet;
  t.match(subnet, {
    id: /^[0-9a-f-]{36}$/,
    name: 'subnet-1',
    description: 'first',
    cidr: '192.168.20.0/24',
    gateway_ip: '192.168.20.1',
    dhcp_enable: true,
    primary_dns: '100.125.4.25',
    secondary_dns: '100.125.129.199',
    dnsList: ['100.125.4.25', '100.125.129.199'],
    availability_zone: 'eu-de-01',
    vpc_id: vpc.id,
    status: 'UNKNOWN',
    neutron_subnet_id: /^[0-9a-f-]{36}$/,
    extra_dhcp_opts: [{ opt_name: 'ntp', opt_value: '10.100.0.33' }],
    ipv6_enable: false,
  });
  t.equal(subnet.neutron_network_id, subnet.id, 'the v1 id is the Neutron network id');
  t.not(subnet.neutron_subnet_id, subnet.id);
  const applied = await settle(app);
  t.match(applied, [
    { kind: 'vpc', id: vpc.id, to: 'OK' },
    { kind: 'subnet', id: subnet.id, project: PROJECT, from: 'UNKNOWN', to: 'ACTIVE' },
  ]);
  t.equal((await call(app, 'GET', `/subnets/${subnet.id}`)).body.subnet.status, 'ACTIVE');
});

t.test('the CIDR lies in the VPC, overlaps no other subnet, and is at most a /28; the gateway lies in it', async (t) => {
  const app = await build(t);
  const vpc = await createVpc(app, { cidr: '10.1.0.0/16' });
  await createSubnet(app, vpc.id, { cidr: '10.1.0.0/24', gateway_ip: '10.1.0.1' });
  const cases: [Record<string, string>, string, string][] = [
    [{ cidr: '10.2.0.0/24', gateway_ip: '10.2.0.1' }, 'VPC.0203', 'is not inside 10.1.0.0/16'],
    [{ cidr: '10.1.0.128/25', gateway_ip: '10.1.0.129' }, 'VPC.0204', 'overlaps 10.1.0.0/24'],
    [{ cidr: '10.1.0.0/23', gateway_ip: '10.1.1.1' }, 'VPC.0204', 'overlaps 10.1.0.0/24'],
    [{ cidr: '10.1.9.0/29', gateway_ip: '10.1.9.1' }, 'VPC.0212', 'prefix length of at most 28'],
    [{ cidr: '10.1.9.1/24', gateway_ip: '10.1.9.2' }, 'VPC.0212', 'no host bits set'],
    [{ cidr: '10.1.9.0/24', gateway_ip: '10.1.8.1' }, 'VPC.0201', 'gateway_ip 10.1.8.1 must be a host address of 10.1.9.0/24'],
    [{ cidr: '10.1.9.0/24', gateway_ip: '10.1.9.0' }, 'VPC.0201', 'must be a host address'],
    [{ cidr: '10.1.9.0/24', gateway_ip: '10.1.9.255' }, 'VPC.0201', 'must be a host address'],
  ];
  for (const [fields, code, message] of cases) {
    const res = await call(app, 'POST', '/subnets', { subnet: { name: 's', vpc_id: vpc.id, ...fields } });
    t.equal(res.status, 400, `${fields.cidr} ${fields.gateway_ip}`);
    t.equal(res.body.code, code);
    t.match(res.body.message, message);
  }
  t.equal((await createSubnet(app, vpc.id, { cidr: '10.1.9.0/28', gateway_ip: '10.1.9.14' })).cidr, '10.1.9.0/28', 'a /28 is fine');
});

t.test('a VPC without a CIDR takes subnets in any private range', async (t) => {
  const app = await build(t);
  const vpc = await createVpc(app, { cidr: '' });
  t.equal((await createSubnet(app, vpc.id, { cidr: '172.20.1.0/24', gateway_ip: '172.20.1.1' })).cidr, '172.20.1.0/24');
  const outside = await call(app, 'POST', '/subnets', { subnet: { name: 's', vpc_id: vpc.id, cidr: '8.8.8.0/24', gateway_ip: '8.8.8.1' } });
  t.same([outside.status, outside.body.code], [400, 'VPC.0203']);
  t.match(outside.body.message, 'a private range');
});

t.test('the VPC must be one of the project; IPv6 and invalid fields are refused with VPC.0201', async (t) => {
  const app = await build(t);
  const vpc = await createVpc(app, {}, OTHER_PROJECT);
  const foreign = await call(app, 'POST', '/subnets', { subnet: { name: 's', vpc_id: vpc.id, cidr: '192.168.0.0/24', gateway_ip: '192.168.0.1' } });
  t.same([foreign.status, foreign.body.code], [404, 'VPC.0003']);
  const mine = await createVpc(app);
  const ipv6 = await call(app, 'POST', '/subnets', {
    subnet: { name: 's', vpc_id: mine.id, cidr: '192.168.0.0/24', gateway_ip: '192.168.0.1', ipv6_enable: true },
  });
  t.same([ipv6.status, ipv6.body.code], [400, 'VPC.0201']);
  t.match(ipv6.body.message, 'IPv4 subnets only');
  const noName = await call(app, 'POST', '/subnets', { subnet: { vpc_id: mine.id, cidr: '192.168.0.0/24', gateway_ip: '192.168.0.1' } });
  t.same([noName.status, noName.body.code], [400, 'VPC.0201']);
  t.match(noName.body.message, 'subnet.name is required');
  const badDns = await call(app, 'POST', '/subnets', {
    subnet: { name: 's', vpc_id: mine.id, cidr: '192.168.0.0/24', gateway_ip: '192.168.0.1', primary_dns: 'dns' },
  });
  t.match(badDns.body, { code: 'VPC.0201', message: /primary_dns must be an IPv4 address/ });
});

t.test('update: through the VPC in the path, name required, a short answer; DNS servers kept in step', async (t) => {
  const app = await build(t);
  const { vpc, subnet } = await network(app);
  const other = await createVpc(app, { name: 'other', cidr: '10.0.0.0/16' });
  const path = `/vpcs/${vpc.id}/subnets/${subnet.id}`;
  const updated = await call(app, 'PUT', path, {
    subnet: { name: 'renamed', description: 'now', dhcp_enable: false, dnsList: ['100.125.4.25', '100.125.129.199', '8.8.8.8'] },
  });
  t.same(updated.body, { subnet: { id: subnet.id, status: 'ACTIVE' } });
  t.match((await call(app, 'GET', `/subnets/${subnet.id}`)).body.subnet, {
    name: 'renamed',
    description: 'now',
    dhcp_enable: false,
    primary_dns: '100.125.4.25',
    secondary_dns: '100.125.129.199',
    dnsList: ['100.125.4.25', '100.125.129.199', '8.8.8.8'],
  });
  await call(app, 'PUT', path, { subnet: { name: 'renamed', primary_dns: '1.1.1.1' } });
  t.match((await call(app, 'GET', `/subnets/${subnet.id}`)).body.subnet, {
    primary_dns: '1.1.1.1',
    dnsList: ['1.1.1.1', '100.125.129.199'],
    description: 'now',
  });
  const nameless = await call(app, 'PUT', path, { subnet: { description: 'x' } });
  t.same([nameless.status, nameless.body.code], [400, 'VPC.0201']);
  const wrongVpc = await call(app, 'PUT', `/vpcs/${other.id}/subnets/${subnet.id}`, { subnet: { name: 'x' } });
  t.same([wrongVpc.status, wrongVpc.body.code], [400, 'VPC.0207']);
});

t.test('delete: refused while a load balancer or an endpoint has an address in it, then 204 and gone', async (t) => {
  const app = await build(t);
  const { vpc, subnet } = await network(app);
  const token = await tokenFor(app);
  const lb = await createLoadBalancer(app, token, subnet.neutron_subnet_id);
  await settle(app);
  const path = `/vpcs/${vpc.id}/subnets/${subnet.id}`;
  const byLb = await call(app, 'DELETE', path);
  t.same([byLb.status, byLb.body.code], [500, 'VPC.0211'], 'the documented code, which Terraform retries');
  await neutron(app, token, 'DELETE', `/lbaas/loadbalancers/${lb.id}`);
  t.equal((await call(app, 'DELETE', path)).body.code, 'VPC.0211', 'still there while PENDING_DELETE');
  await settle(app);

  const service = await call(app, 'POST', '/vpc-endpoint-services', {
    port_id: '4189d3c2-8882-4871-a3c2-d380272eed88',
    vpc_id: vpc.id,
    server_type: 'VM',
    ports: [{ client_port: 80, server_port: 80 }],
  });
  await settle(app);
  const endpoint = await call(app, 'POST', '/vpc-endpoints', { endpoint_service_id: service.body.id, vpc_id: vpc.id, subnet_id: subnet.id });
  const byEndpoint = await call(app, 'DELETE', path);
  t.same([byEndpoint.status, byEndpoint.body.code], [500, 'VPC.0209']);
  await call(app, 'DELETE', `/vpc-endpoints/${endpoint.body.id}`);
  await settle(app);
  t.equal((await call(app, 'DELETE', path)).status, 204);
  const gone = await call(app, 'GET', `/subnets/${subnet.id}`);
  t.same([gone.status, gone.body.code], [404, 'VPC.0202']);
  t.equal((await call(app, 'DELETE', path)).status, 404);
});

t.test('list: the project\'s subnets, or one VPC\'s, oldest first, paged', async (t) => {
  const app = await build(t);
  const a = await createVpc(app, { name: 'a', cidr: '10.0.0.0/16' });
  const b = await createVpc(app, { name: 'b', cidr: '10.1.0.0/16' });
  const a1 = await createSubnet(app, a.id, { cidr: '10.0.1.0/24', gateway_ip: '10.0.1.1' });
  const b1 = await createSubnet(app, b.id, { cidr: '10.1.1.0/24', gateway_ip: '10.1.1.1' });
  const a2 = await createSubnet(app, a.id, { cidr: '10.0.2.0/24', gateway_ip: '10.0.2.1' });
  await network(app, OTHER_PROJECT);
  const ids = async (query: string) => (await call(app, 'GET', `/subnets${query}`)).body.subnets.map((s: any) => s.id);
  t.same(await ids(''), [a1.id, b1.id, a2.id]);
  t.same(await ids(`?vpc_id=${a.id}`), [a1.id, a2.id]);
  t.same(await ids(`?vpc_id=${a.id}&marker=${a1.id}`), [a2.id]);
  t.same(await ids('?limit=1'), [a1.id]);
  const unknown = await call(app, 'GET', `/subnets?marker=${a.id}`);
  t.same([unknown.status, unknown.body.code], [400, 'VPC.0201']);
  const foreign = await call(app, 'GET', `/subnets/${a1.id}`, undefined, OTHER_PROJECT);
  t.same([foreign.status, foreign.body.code], [404, 'VPC.0202'], "another project's subnet is not found");
});

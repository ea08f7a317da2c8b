// VPCEP_REFERENCES: in known mode every VPC, subnet and port id a VPCEP request names must be a resource
// of the caller's project, each violation answered with the documented VPCEP code; in any mode (the
// default) none of this is checked, but an endpoint in a known subnet still gets an address from its pool.
import t from 'tap';
import { OTHER_PROJECT, build, call } from '../helper.js';
import { settle } from '../support/control.js';
import { createLoadBalancer, createSubnet, createVpc, lbServiceBody, network, tokenFor } from './helper.js';

const UNKNOWN = '0b1c2d3e-4f50-4617-8283-94a5b6c7d8e9';

/** A VPC and subnet with a load balancer in it, and a second VPC with its own subnet, all settled. */
async function setup(t: any, references: 'any' | 'known') {
  const app = await build(t, { references });
  const { vpc, subnet } = await network(app);
  const otherVpc = await createVpc(app, { name: 'other', cidr: '10.0.0.0/16' });
  const otherSubnet = await createSubnet(app, otherVpc.id, { cidr: '10.0.1.0/24', gateway_ip: '10.0.1.1' });
  const token = await tokenFor(app);
  const lb = await createLoadBalancer(app, token, subnet.neutron_subnet_id);
  const otherLb = await createLoadBalancer(app, token, otherSubnet.neutron_subnet_id);
  const foreign = await network(app, OTHER_PROJECT);
  const foreignLb = await createLoadBalancer(app, await tokenFor(app, OTHER_PROJECT), foreign.subnet.neutron_subnet_id);
  await settle(app);
  return { app, vpc, subnet, otherVpc, otherSubnet, lb, otherLb, foreign, foreignLb };
}

const serviceBody = lbServiceBody;

t.test('known: a service needs a VPC of the project and the VIP port of a load balancer in it', async (t) => {
  const { app, vpc, otherVpc, lb, otherLb, foreign, foreignLb } = await setup(t, 'known');
  const cases: [string, object, string, string][] = [
    ['an unknown VPC', serviceBody(lb.vip_port_id, UNKNOWN), 'EndPoint.0020', `vpc_id ${UNKNOWN} is not a VPC of project`],
    ["another project's VPC", serviceBody(lb.vip_port_id, foreign.vpc.id), 'EndPoint.0020', 'VPCEP_REFERENCES=known'],
    ['an unknown port', serviceBody(UNKNOWN, vpc.id), 'EndPoint.3063', `port_id ${UNKNOWN} is not a port of project`],
    ["another project's port", serviceBody(foreignLb.vip_port_id, vpc.id), 'EndPoint.3063', 'vip_port_id of one of its load balancers'],
    ['a port in another VPC', serviceBody(otherLb.vip_port_id, vpc.id), 'EndPoint.3042', `is in VPC ${otherVpc.id}, not in vpc_id ${vpc.id}`],
  ];
  for (const [what, body, code, message] of cases) {
    const res = await call(app, 'POST', '/vpc-endpoint-services', body);
    t.equal(res.status, 400, what);
    t.equal(res.body.error_code, code, what);
    t.match(res.body.error_msg, message, what);
  }
  const service = await call(app, 'POST', '/vpc-endpoint-services', serviceBody(lb.vip_port_id, vpc.id));
  t.equal(service.status, 200, 'the VIP port of a load balancer in the VPC');
  await settle(app);
  const moved = await call(app, 'PUT', `/vpc-endpoint-services/${service.body.id}`, { port_id: UNKNOWN });
  t.same([moved.status, moved.body.error_code], [400, 'EndPoint.3063'], 'a modification is checked too');
  const elsewhere = await call(app, 'PUT', `/vpc-endpoint-services/${service.body.id}`, { port_id: otherLb.vip_port_id });
  t.equal(elsewhere.body.error_code, 'EndPoint.3042');
  t.equal((await call(app, 'GET', `/vpc-endpoint-services/${service.body.id}`)).body.port_id, lb.vip_port_id, 'nothing changed');
});

t.test('known: an endpoint needs a VPC of the project and a subnet of that VPC, and a port_ip inside it', async (t) => {
  const { app, vpc, subnet, otherVpc, otherSubnet, lb, foreign } = await setup(t, 'known');
  const service = await call(app, 'POST', '/vpc-endpoint-services', serviceBody(lb.vip_port_id, vpc.id));
  await settle(app);
  const endpoint = (fields: object) =>
    call(app, 'POST', '/vpc-endpoints', { endpoint_service_id: service.body.id, vpc_id: vpc.id, subnet_id: subnet.id, ...fields });
  const cases: [string, object, string, string][] = [
    ['an unknown VPC', { vpc_id: UNKNOWN }, 'EndPoint.0020', `vpc_id ${UNKNOWN}`],
    ["another project's VPC", { vpc_id: foreign.vpc.id }, 'EndPoint.0020', 'is not a VPC of project'],
    ['an unknown subnet', { subnet_id: UNKNOWN }, 'EndPoint.0023', `subnet_id ${UNKNOWN} is not a subnet of project`],
    ["another project's subnet", { subnet_id: foreign.subnet.id }, 'EndPoint.0023', 'VPCEP_REFERENCES=known'],
    ['the Neutron subnet id', { subnet_id: subnet.neutron_subnet_id }, 'EndPoint.0023', 'is not a subnet'],
    ['a subnet of another VPC', { subnet_id: otherSubnet.id }, 'EndPoint.2037', `is in VPC ${otherVpc.id}, not in vpc_id ${vpc.id}`],
    ['an address outside the subnet', { port_ip: '10.0.1.5' }, 'EndPoint.2043', `port_ip 10.0.1.5 is not a host address of subnet ${subnet.id} (192.168.0.0/24)`],
    ["the subnet's broadcast address", { port_ip: '192.168.0.255' }, 'EndPoint.2043', 'not a host address'],
    ['the gateway', { port_ip: '192.168.0.1' }, 'EndPoint.2042', 'the gateway'],
    ["a load balancer's VIP", { port_ip: lb.vip_address }, 'EndPoint.2042', 'a load balancer'],
  ];
  for (const [what, fields, code, message] of cases) {
    const res = await endpoint(fields);
    t.equal(res.status, 400, what);
    t.equal(res.body.error_code, code, what);
    t.match(res.body.error_msg, message, what);
  }
  const chosen = await endpoint({ port_ip: '192.168.0.3' });
  t.equal(chosen.status, 200, 'the network address + 3, as the gophertelekomcloud tests pick it');
  const allocated = await endpoint({});
  t.equal(allocated.status, 200);
  await settle(app);
  t.equal((await call(app, 'GET', `/vpc-endpoints/${allocated.body.id}`)).body.ip, '192.168.0.2', 'from the bottom of the pool');
  const third = await endpoint({});
  await settle(app);
  t.equal((await call(app, 'GET', `/vpc-endpoints/${third.body.id}`)).body.ip, '192.168.0.4', 'skipping the one taken');
  const inUse = await endpoint({ port_ip: '192.168.0.3' });
  t.same([inUse.status, inUse.body.error_code], [400, 'EndPoint.2042']);
});

t.test('known: a gateway endpoint needs a VPC of the project', async (t) => {
  const { app, vpc } = await setup(t, 'known');
  const obs = (await call(app, 'GET', '/vpc-endpoint-services/public')).body.endpoint_services.find((s: any) => s.service_type === 'gateway');
  const unknown = await call(app, 'POST', '/vpc-endpoints', { endpoint_service_id: obs.id, vpc_id: UNKNOWN });
  t.same([unknown.status, unknown.body.error_code], [400, 'EndPoint.0020']);
  t.equal((await call(app, 'POST', '/vpc-endpoints', { endpoint_service_id: obs.id, vpc_id: vpc.id })).status, 200);
});

t.test('known: an endpoint address comes from its own subnet, also in a 10.x subnet', async (t) => {
  const { app, otherVpc, otherSubnet, otherLb } = await setup(t, 'known');
  const service = await call(app, 'POST', '/vpc-endpoint-services', serviceBody(otherLb.vip_port_id, otherVpc.id));
  await settle(app);
  const endpoint = await call(app, 'POST', '/vpc-endpoints', {
    endpoint_service_id: service.body.id,
    vpc_id: otherVpc.id,
    subnet_id: otherSubnet.id,
  });
  await settle(app);
  t.equal((await call(app, 'GET', `/vpc-endpoints/${endpoint.body.id}`)).body.ip, '10.0.1.2');
});

t.test('any: none of the references is checked, as before the VPC API existed', async (t) => {
  const { app, vpc, subnet, otherSubnet, otherLb, foreignLb, lb } = await setup(t, 'any');
  for (const body of [serviceBody(UNKNOWN, UNKNOWN), serviceBody(foreignLb.vip_port_id, vpc.id), serviceBody(otherLb.vip_port_id, vpc.id)]) {
    t.equal((await call(app, 'POST', '/vpc-endpoint-services', body)).status, 200, JSON.stringify(body));
  }
  const service = await call(app, 'POST', '/vpc-endpoint-services', { ...serviceBody(lb.vip_port_id, vpc.id), ports: [{ client_port: 81, server_port: 81 }] });
  await settle(app);
  const endpoint = (fields: object) =>
    call(app, 'POST', '/vpc-endpoints', { endpoint_service_id: service.body.id, vpc_id: vpc.id, subnet_id: subnet.id, ...fields });
  for (const fields of [{ vpc_id: UNKNOWN }, { subnet_id: UNKNOWN }, { subnet_id: otherSubnet.id }, { port_ip: '10.9.9.9' }, { port_ip: '192.168.0.1' }]) {
    t.equal((await endpoint(fields)).status, 200, JSON.stringify(fields));
  }
  t.equal((await endpoint({ port_ip: lb.vip_address })).body.error_code, 'EndPoint.2042', 'an address in use is still in use');
  const inKnown = await endpoint({ vpc_id: UNKNOWN });
  await settle(app);
  t.equal((await call(app, 'GET', `/vpc-endpoints/${inKnown.body.id}`)).body.ip, '192.168.0.3', "the next free address of the known subnet's pool");
  const inOther = await call(app, 'POST', '/vpc-endpoints', { endpoint_service_id: service.body.id, vpc_id: UNKNOWN, subnet_id: otherSubnet.id });
  const inUnknown = await call(app, 'POST', '/vpc-endpoints', { endpoint_service_id: service.body.id, vpc_id: UNKNOWN, subnet_id: UNKNOWN });
  await settle(app);
  t.equal((await call(app, 'GET', `/vpc-endpoints/${inOther.body.id}`)).body.ip, '10.0.1.3');
  t.match((await call(app, 'GET', `/vpc-endpoints/${inUnknown.body.id}`)).body.ip, /^192\.168\.0\.\d+$/, 'the fixed range elsewhere');
});

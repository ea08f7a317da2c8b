// The test-control API on the companion resources: settle, wait, fail and the clock move them like VPCEP's;
// the journal and fault rules speak each API's format; a file database keeps them across a restart.
import t from 'tap';
import { join } from 'node:path';
import { PROJECT, build, call, manualClock } from '../helper.js';
import { advance, control, settle, waitFor } from '../support/control.js';
import { createLoadBalancer, createSubnet, createVpc, network, neutron, signedFor, tokenFor } from './helper.js';

t.test('settle one resource; wait for a status; the clock moves them after VPCEP_DELAY_NETWORK', async (t) => {
  // A manual base clock: only clock advance moves time, so the 5 s are no wall-clock window.
  const app = await build(t, { delayNetwork: { kind: 'fixed', ms: 5000 } }, { clock: manualClock() });
  const vpc = await createVpc(app);
  const subnet = await createSubnet(app, vpc.id);
  const waitOk = await waitFor(app, vpc.id, 'OK', 0);
  t.equal(waitOk.status, 408);
  t.match(waitOk.body.error_msg, new RegExp(`VPC ${vpc.id} is CREATING: it becomes OK at .*\\(VPCEP_DELAY_NETWORK\\)`));
  t.match(await settle(app, subnet.id), [{ kind: 'subnet', id: subnet.id, to: 'ACTIVE' }], 'only the one asked for');
  t.equal((await call(app, 'GET', `/vpcs/${vpc.id}`)).body.vpc.status, 'CREATING');
  const advanced = await advance(app, 5);
  t.match(advanced.applied, [{ kind: 'vpc', id: vpc.id, to: 'OK' }]);
  t.equal((await waitFor(app, vpc.id, 'OK')).body.status, 'OK');
  const never = await waitFor(app, vpc.id, 'available');
  t.same([never.status, never.body.error_code], [400, 'EndPoint.0019'], 'a status VPCs never have');
  const deleted = call(app, 'DELETE', `/vpcs/${vpc.id}/subnets/${subnet.id}`);
  t.equal((await deleted).status, 204);
  t.equal((await waitFor(app, subnet.id, 'deleted')).body.status, 'deleted');
});

t.test('failing a VPC, a subnet and a load balancer: ERROR, with the error, and still deletable', async (t) => {
  const app = await build(t);
  const { vpc, subnet } = await network(app);
  const token = await tokenFor(app);
  const lb = await createLoadBalancer(app, token, subnet.neutron_subnet_id);
  const failed = await control(app, 'POST', `/resources/${lb.id}/fail`, { error_code: 'ELB.1001', error_message: 'no capacity' });
  t.match(failed.body, { kind: 'loadbalancer', id: lb.id, project_id: PROJECT, status: 'ERROR', resource: { provisioning_status: 'ERROR' } });
  t.same(await settle(app), [], 'its pending creation was cancelled');
  const waited = await waitFor(app, lb.id, 'ACTIVE');
  t.equal(waited.status, 408, 'a wait answers at once');
  t.match(waited.body.error_msg, `load balancer ${lb.id} is ERROR: it failed with ELB.1001 (no capacity); delete it`);
  t.equal((await neutron(app, token, 'DELETE', `/lbaas/loadbalancers/${lb.id}`)).status, 204);
  await settle(app);

  const subnetFailed = await control(app, 'POST', `/resources/${subnet.id}/fail`, {});
  t.match(subnetFailed.body, { kind: 'subnet', status: 'ERROR', resource: { status: 'ERROR' } });
  const vpcFailed = await control(app, 'POST', `/resources/${vpc.id}/fail`, { error_code: 'VPC.0105', error_message: 'Neutron Error.' });
  t.match(vpcFailed.body, { kind: 'vpc', status: 'ERROR' });
  t.equal((await call(app, 'GET', `/vpcs/${vpc.id}`)).body.vpc.status, 'ERROR');
  t.equal((await call(app, 'DELETE', `/vpcs/${vpc.id}/subnets/${subnet.id}`)).status, 204);
  t.equal((await call(app, 'DELETE', `/vpcs/${vpc.id}`)).status, 204);
});

t.test('the journal reads every format and knows the project of a /v2.0 request', async (t) => {
  const app = await build(t);
  const { subnet } = await network(app);
  await neutron(app, signedFor(), 'POST', '/lbaas/loadbalancers', { loadbalancer: { vip_subnet_id: 'nope' } });
  await call(app, 'DELETE', `/vpcs/${subnet.vpc_id}`);
  const journal = (await control(app, 'GET', '/requests')).body.requests;
  t.match(journal.find((r: any) => r.operation === 'CreateLoadBalancer'), {
    method: 'POST',
    path: '/v2.0/lbaas/loadbalancers',
    project: PROJECT,
    status: 404,
    error_code: 'SubnetNotFound',
    error_msg: 'Subnet nope could not be found.',
  });
  t.match(journal.find((r: any) => r.operation === 'DeleteVpc'), {
    project: PROJECT,
    status: 409,
    error_code: 'VPC.0104',
    error_msg: /Router contains subnets/,
  });
});

t.test("fault rules answer in the format of the API they fire on", async (t) => {
  const app = await build(t);
  const rules = [
    { path: '/v2.0/lbaas/**', status: 503, error_code: 'HTTPServiceUnavailable', error_msg: 'try later' },
    { operation: 'ListVpcs', status: 500, error_code: 'VPC.0105', error_msg: 'Neutron Error.' },
  ];
  t.equal((await control(app, 'PUT', '/faults', { rules })).status, 200);
  const lb = await neutron(app, signedFor(), 'GET', '/lbaas/loadbalancers');
  t.same([lb.status, lb.body], [503, { NeutronError: { type: 'HTTPServiceUnavailable', message: 'try later', detail: '' } }]);
  const vpcs = await call(app, 'GET', '/vpcs');
  t.same([vpcs.status, vpcs.body], [500, { code: 'VPC.0105', message: 'Neutron Error.' }]);
});

t.test('the events of the companion resources: created, ready, modified, deleted', async (t) => {
  const app = await build(t);
  const seen: any[] = [];
  const stop = app.emulator.changes.subscribe((change) => seen.push([change.kind, change.from, change.to]));
  t.teardown(stop);
  const vpc = await createVpc(app);
  await settle(app);
  await call(app, 'PUT', `/vpcs/${vpc.id}`, { vpc: { description: 'x' } });
  await call(app, 'DELETE', `/vpcs/${vpc.id}`);
  t.same(seen, [
    ['vpc', null, 'CREATING'],
    ['vpc', 'CREATING', 'OK'],
    ['vpc', 'OK', 'OK'],
    ['vpc', 'OK', 'deleted'],
  ]);
});

t.test('a file database keeps the companion resources and their pending transitions across a restart', async (t) => {
  const db = join(t.testdir(), 'vpcep.db');
  const first = await build(t, { db });
  const { vpc, subnet } = await network(first);
  const lb = await createLoadBalancer(first, signedFor(), subnet.neutron_subnet_id, { vip_address: '192.168.0.7' });
  await neutron(first, signedFor(), 'POST', `/${PROJECT}/loadbalancers/${lb.id}/tags/action`, { action: 'create', tags: [{ key: 'k', value: 'v' }] });
  await first.close();

  const second = await build(t, { db });
  t.equal((await call(second, 'GET', `/vpcs/${vpc.id}`)).body.vpc.status, 'OK');
  t.equal((await call(second, 'GET', `/subnets/${subnet.id}`)).body.subnet.neutron_subnet_id, subnet.neutron_subnet_id);
  const kept = (await neutron(second, signedFor(), 'GET', `/lbaas/loadbalancers/${lb.id}`)).body.loadbalancer;
  t.match(kept, { provisioning_status: 'PENDING_CREATE', vip_address: '192.168.0.7', vip_port_id: lb.vip_port_id });
  t.match(await settle(second), [{ kind: 'loadbalancer', id: lb.id, to: 'ACTIVE' }], 'its pending transition survived');
  t.same((await neutron(second, signedFor(), 'GET', `/${PROJECT}/loadbalancers/${lb.id}/tags`)).body.tags, [{ key: 'k', value: 'v' }]);
});

// The tags Terraform reads and writes on every VPC, subnet and load balancer, under /v2.0/{project_id}:
// set, overwrite and delete, the VPC tag rules, and each API's own error format.
import t from 'tap';
import { OTHER_PROJECT, PROJECT, build, call } from '../helper.js';
import { settle } from '../support/control.js';
import { createLoadBalancer, network, neutron, signedFor } from './helper.js';

async function setup(t: any) {
  const app = await build(t);
  const { vpc, subnet } = await network(app);
  const lb = await createLoadBalancer(app, signedFor(), subnet.neutron_subnet_id);
  await settle(app);
  const tagsOf = async (type: string, id: string, project = PROJECT) =>
    neutron(app, signedFor(project), 'GET', `/${project}/${type}/${id}/tags`);
  const act = (type: string, id: string, body: object, project = PROJECT) =>
    neutron(app, signedFor(project), 'POST', `/${project}/${type}/${id}/tags/action`, body);
  return { app, vpc, subnet, lb, tagsOf, act };
}

t.test('create, overwrite and delete tags of each kind', async (t) => {
  const { vpc, subnet, lb, tagsOf, act } = await setup(t);
  for (const [type, id] of [['vpcs', vpc.id], ['subnets', subnet.id], ['loadbalancers', lb.id]]) {
    t.same((await tagsOf(type, id)).body, { tags: [] }, `${type}: none at first`);
    const created = await act(type, id, { action: 'create', tags: [{ key: 'env', value: 'dev' }, { key: 'team', value: 'a' }] });
    t.same([created.status, created.body], [204, undefined], `${type}: create answers 204`);
    await act(type, id, { action: 'create', tags: [{ key: 'env', value: 'prod' }] });
    t.same((await tagsOf(type, id)).body.tags, [{ key: 'env', value: 'prod' }, { key: 'team', value: 'a' }], `${type}: overwritten in place`);
    await act(type, id, { action: 'delete', tags: [{ key: 'team', value: 'other' }] });
    t.equal((await tagsOf(type, id)).body.tags.length, 2, `${type}: key and value must both match`);
    await act(type, id, { action: 'delete', tags: [{ key: 'team' }, { key: 'absent' }] });
    t.same((await tagsOf(type, id)).body.tags, [{ key: 'env', value: 'prod' }], `${type}: deleted by key, absent ones ignored`);
  }
});

t.test('the VPC tag rules, answered in each API\'s format', async (t) => {
  const { vpc, lb, act } = await setup(t);
  const tooMany = Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
  t.equal((await act('vpcs', vpc.id, { action: 'create', tags: tooMany })).status, 204, 'ten tags are fine');
  const eleventh = await act('vpcs', vpc.id, { action: 'create', tags: [{ key: 'k10', value: 'v' }] });
  t.same([eleventh.status, eleventh.body.code], [400, 'VPC.0101']);
  t.match(eleventh.body.message, 'at most 10');
  const cases: [object, RegExp][] = [
    [{ action: 'create', tags: [{ key: 'a', value: 'x' }, { key: 'a', value: 'y' }] }, /tag key a is given twice/],
    [{ action: 'create', tags: [{ key: 'a' }] }, /tags\[0\]\.value is required/],
    [{ action: 'create', tags: [{ key: 'has space', value: 'x' }] }, /tags\[0\]\.key must be 1 to 36 letters, digits, - or _/],
    [{ action: 'create', tags: [{ key: 'a', value: 'x'.repeat(44) }] }, /tags\[0\]\.value must be at most 43/],
    [{ action: 'update', tags: [{ key: 'a', value: 'x' }] }, /action must be one of create, delete/],
    [{ action: 'create', tags: [] }, /tags must have at least 1 item/],
  ];
  for (const [body, message] of cases) {
    const vpcAnswer = await act('vpcs', vpc.id, body);
    t.equal(vpcAnswer.status, 400, JSON.stringify(body));
    t.match(vpcAnswer.body, { code: 'VPC.0101', message });
    const lbAnswer = await act('loadbalancers', lb.id, body);
    t.match(lbAnswer.body, { NeutronError: { type: 'HTTPBadRequest', message } }, 'Neutron format for load balancers');
  }
});

t.test("unknown resources and another project's are not found; the project in the path is checked in strict mode", async (t) => {
  const { vpc, subnet, lb, tagsOf, act } = await setup(t);
  t.same((await tagsOf('vpcs', vpc.id, OTHER_PROJECT)).body.code, 'VPC.0003');
  t.same((await tagsOf('subnets', subnet.id, OTHER_PROJECT)).body.code, 'VPC.0202');
  const lbAnswer = await act('loadbalancers', lb.id, { action: 'create', tags: [{ key: 'a', value: 'b' }] }, OTHER_PROJECT);
  t.same([lbAnswer.status, lbAnswer.body.NeutronError.type], [404, 'EntityNotFound']);
  t.equal((await tagsOf('vpcs', subnet.id)).status, 404, 'a subnet is no VPC');

  const strict = await build(t, { auth: 'strict', accessKeys: [{ accessKey: 'AK1', secretKey: 'SK1', projectId: PROJECT }] });
  const refused = await strict.inject({ method: 'GET', url: `/v2.0/${PROJECT}/vpcs/${vpc.id}/tags`, headers: { 'x-auth-token': 'made-up' } });
  t.same([refused.statusCode, refused.json().code], [401, 'APIGW.0301']);
  const lbRefused = await strict.inject({ method: 'GET', url: `/v2.0/${PROJECT}/loadbalancers/${lb.id}/tags` });
  t.same([lbRefused.statusCode, lbRefused.json().NeutronError.type], [401, 'HTTPUnauthorized']);
});

t.test("a resource's tags go with it", async (t) => {
  const { app, vpc, subnet, lb, act } = await setup(t);
  await act('loadbalancers', lb.id, { action: 'create', tags: [{ key: 'a', value: 'b' }] });
  await act('subnets', subnet.id, { action: 'create', tags: [{ key: 'a', value: 'b' }] });
  await act('vpcs', vpc.id, { action: 'create', tags: [{ key: 'a', value: 'b' }] });
  await neutron(app, signedFor(), 'DELETE', `/lbaas/loadbalancers/${lb.id}`);
  await settle(app);
  await call(app, 'DELETE', `/vpcs/${vpc.id}/subnets/${subnet.id}`);
  await call(app, 'DELETE', `/vpcs/${vpc.id}`);
  const counts = (await app.inject({ url: '/_emulator/info' })).json().counts;
  t.same([counts.vpcs, counts.subnets, counts.loadbalancers], [0, 0, 0]);
  const left = app.emulator.db.prepare('SELECT COUNT(*) FROM resource_tags').pluck().get();
  t.equal(left, 0, 'no tag is left behind');
});

// The VPC API v1's VPCs: create (CREATING, then OK after VPCEP_DELAY_NETWORK), query, list, update and
// delete, the CIDR and name rules, and errors in the VPC format {"code","message"}.
import t from 'tap';
import { pino } from 'pino';
import { VpcError } from '../../src/vpcs/errors.js';
import { OTHER_PROJECT, PROJECT, build, call } from '../helper.js';
import { createSubnet, createVpc } from '../network/helper.js';
import { settle, waitFor } from '../support/control.js';

t.test('a VPC is CREATING, then OK once its delay is over, with the fields the clients read', async (t) => {
  const app = await build(t);
  const created = await call(app, 'POST', '/vpcs', { vpc: { name: 'vpc-1', description: 'first', cidr: '192.168.0.0/16' } });
  t.equal(created.status, 200, 'create answers 200, as gophertelekomcloud expects');
  const vpc = created.body.vpc;
  t.match(vpc, {
    id: /^[0-9a-f-]{36}$/,
    name: 'vpc-1',
    description: 'first',
    cidr: '192.168.0.0/16',
    status: 'CREATING',
    routes: [],
    enable_shared_snat: false,
    enterprise_project_id: '0',
    tenant_id: PROJECT,
    created_at: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/,
  });
  const applied = await settle(app);
  t.match(applied, [{ kind: 'vpc', id: vpc.id, project: PROJECT, from: 'CREATING', to: 'OK' }]);
  const got = await call(app, 'GET', `/vpcs/${vpc.id}`);
  t.equal(got.body.vpc.status, 'OK');
  t.equal((await waitFor(app, vpc.id, 'OK')).status, 200, 'the test-control API waits for VPCs too');
});

t.test('the VPCEP_DELAY_NETWORK delay moves VPCs on by itself', async (t) => {
  const app = await build(t, { delayNetwork: { kind: 'fixed', ms: 0 } });
  const vpc = await createVpc(app);
  const reached = await waitFor(app, vpc.id, 'OK');
  t.equal(reached.status, 200);
  t.equal(reached.body.resource.status, 'OK');
});

t.test('a VPC CIDR lies in a private range with a prefix length up to 24', async (t) => {
  const app = await build(t);
  for (const cidr of ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '10.20.0.0/24', '172.31.255.0/24']) {
    t.equal((await call(app, 'POST', '/vpcs', { vpc: { cidr } })).status, 200, `${cidr} is a VPC CIDR`);
  }
  for (const cidr of ['10.0.0.0/25', '8.8.0.0/16', '172.32.0.0/16', '192.168.0.0/15', '192.168.1.0/16', '192.168.0.0', 'x']) {
    const refused = await call(app, 'POST', '/vpcs', { vpc: { cidr } });
    t.equal(refused.status, 400, `${cidr} is refused`);
    t.equal(refused.body.code, 'VPC.0101');
    t.match(refused.body.message, `cidr ${cidr} must be a block in 10.0.0.0/8`);
  }
  const none = await call(app, 'POST', '/vpcs', { vpc: {} });
  t.same([none.status, none.body.vpc.cidr, none.body.vpc.name], [200, '', ''], 'cidr and name may be left out');
});

t.test('a name is used once in a project', async (t) => {
  const app = await build(t);
  await createVpc(app, { name: 'shared' });
  const twice = await call(app, 'POST', '/vpcs', { vpc: { name: 'shared' } });
  t.same([twice.status, twice.body.code], [400, 'VPC.0115']);
  t.equal((await call(app, 'POST', '/vpcs', { vpc: { name: 'shared' } }, OTHER_PROJECT)).status, 200, 'in another project it is free');
  const other = await createVpc(app, { name: 'other' });
  const rename = await call(app, 'PUT', `/vpcs/${other.id}`, { vpc: { name: 'shared' } });
  t.same([rename.status, rename.body.code], [400, 'VPC.0115'], 'renaming to a taken name too');
  const invalid = await call(app, 'POST', '/vpcs', { vpc: { name: 'has space' } });
  t.same([invalid.status, invalid.body.code], [400, 'VPC.0101']);
  t.match(invalid.body.message, 'vpc.name must be at most 64 letters, digits, underscores, hyphens or periods');
});

t.test('update changes the fields given; a new CIDR must still hold every subnet', async (t) => {
  const app = await build(t);
  const vpc = await createVpc(app, { cidr: '10.0.0.0/16' });
  await createSubnet(app, vpc.id, { cidr: '10.0.5.0/24', gateway_ip: '10.0.5.1' });
  await settle(app);
  const updated = await call(app, 'PUT', `/vpcs/${vpc.id}`, {
    vpc: {
      name: 'renamed',
      description: 'now',
      cidr: '10.0.0.0/8',
      enable_shared_snat: true,
      routes: [{ destination: '0.0.0.0/0', nexthop: '10.0.5.9' }],
    },
  });
  t.equal(updated.status, 200);
  t.match(updated.body.vpc, {
    name: 'renamed',
    description: 'now',
    cidr: '10.0.0.0/8',
    enable_shared_snat: true,
    status: 'OK',
    routes: [{ destination: '0.0.0.0/0', nexthop: '10.0.5.9' }],
  });
  const keeps = await call(app, 'PUT', `/vpcs/${vpc.id}`, { vpc: { description: 'only this' } });
  t.match(keeps.body.vpc, { name: 'renamed', cidr: '10.0.0.0/8', description: 'only this' });
  const shrink = await call(app, 'PUT', `/vpcs/${vpc.id}`, { vpc: { cidr: '10.0.0.0/24' } });
  t.same([shrink.status, shrink.body.code], [400, 'VPC.0117']);
  t.match(shrink.body.message, '10.0.5.0/24');
  t.equal((await call(app, 'PUT', `/vpcs/${vpc.id}`, { vpc: { cidr: '10.0.4.0/22' } })).status, 200, 'a CIDR that holds it');
  t.equal((await call(app, 'GET', `/vpcs/${vpc.id}`)).body.vpc.cidr, '10.0.4.0/22');
});

t.test('delete: 409 VPC.0104 while the VPC has subnets, then 204 and gone', async (t) => {
  const app = await build(t);
  const vpc = await createVpc(app);
  const subnet = await createSubnet(app, vpc.id);
  const refused = await call(app, 'DELETE', `/vpcs/${vpc.id}`);
  t.same([refused.status, refused.body.code], [409, 'VPC.0104'], 'the status Terraform retries');
  t.equal((await call(app, 'DELETE', `/vpcs/${vpc.id}/subnets/${subnet.id}`)).status, 204);
  const deleted = await call(app, 'DELETE', `/vpcs/${vpc.id}`);
  t.same([deleted.status, deleted.body], [204, undefined]);
  const gone = await call(app, 'GET', `/vpcs/${vpc.id}`);
  t.same([gone.status, gone.body.code], [404, 'VPC.0003']);
  t.same(await settle(app), [], 'what was pending for it went with it');
  t.equal((await call(app, 'DELETE', `/vpcs/${vpc.id}`)).status, 404, 'deleting it again is a 404, which Terraform takes as done');
});

t.test('list: oldest first, a page at a time after a marker', async (t) => {
  const app = await build(t);
  const ids: string[] = [];
  for (const name of ['a', 'b', 'c']) ids.push((await createVpc(app, { name })).id);
  await createVpc(app, { name: 'elsewhere' }, OTHER_PROJECT);
  const all = await call(app, 'GET', '/vpcs');
  t.same(all.body.vpcs.map((v: any) => v.id), ids, "only the project's, in creation order");
  t.same((await call(app, 'GET', '/vpcs?limit=2')).body.vpcs.map((v: any) => v.id), ids.slice(0, 2));
  t.same((await call(app, 'GET', `/vpcs?marker=${ids[0]}&limit=1`)).body.vpcs.map((v: any) => v.id), [ids[1]]);
  const unknown = await call(app, 'GET', '/vpcs?marker=0b1c2d3e-4f50-4617-8283-94a5b6c7d8e9');
  t.same([unknown.status, unknown.body.code], [400, 'VPC.0101']);
  t.same([(await call(app, 'GET', '/vpcs?limit=0')).status], [400], 'limit is at least 1');
});

t.test("another project's VPC is not found, in the VPC format", async (t) => {
  const app = await build(t);
  const vpc = await createVpc(app);
  for (const [method, body] of [['GET'], ['PUT', { vpc: { name: 'x' } }], ['DELETE']] as const) {
    const res = await call(app, method, `/vpcs/${vpc.id}`, body, OTHER_PROJECT);
    t.equal(res.status, 404, `${method} from another project`);
    t.same(Object.keys(res.body).sort(), ['code', 'message']);
    t.equal(res.body.code, 'VPC.0003');
  }
  const invalid = await call(app, 'GET', '/vpcs/not-a-uuid');
  t.same([invalid.status, invalid.body.code], [400, 'VPC.0101'], 'an id that is no UUID is invalid');
  t.match(invalid.body.message, 'vpc_id must be a UUID');
});

t.test('credentials are checked, and refused in the VPC format', async (t) => {
  const app = await build(t, { auth: 'strict' });
  const none = await app.inject({ method: 'GET', url: `/v1/${PROJECT}/vpcs` });
  t.equal(none.statusCode, 401);
  t.match(none.json(), { code: 'APIGW.0301', message: /Incorrect IAM authentication information/ });
  const invalid = await app.inject({ method: 'POST', url: `/v1/${PROJECT}/vpcs`, payload: '{', headers: { 'x-auth-token': 'x', 'content-type': 'application/json' } });
  t.equal(invalid.statusCode, 401, 'the credential is checked before the body');
});

t.test('a body that is no JSON, and an unexpected failure, answer in the VPC format', async (t) => {
  const lines: string[] = [];
  const app = await build(t, {}, { logger: pino({ level: 'error' }, { write: (line: string) => void lines.push(line) }) });
  const res = await app.inject({
    method: 'POST',
    url: `/v1/${PROJECT}/vpcs`,
    payload: '{"vpc":',
    headers: { 'x-auth-token': 'x', 'content-type': 'application/json' },
  });
  t.equal(res.statusCode, 400);
  t.equal(res.json().code, 'VPC.0101');
  const small = await build(t, { bodyLimit: 64 });
  const large = await call(small, 'POST', '/vpcs', { vpc: { description: 'x'.repeat(100) } });
  t.same([large.status, large.body.code], [413, 'VPC.0101'], 'a body over VPCEP_BODY_LIMIT');
  t.match(large.body.message, 'VPCEP_BODY_LIMIT');
  app.emulator.vpcs.vpcs.list = () => {
    throw new Error('disk on fire');
  };
  t.same(lines, [], 'answers to bad requests are not logged as failures');
  const broken = await call(app, 'GET', '/vpcs');
  t.same([broken.status, broken.body], [500, { code: 'VPC.0105', message: 'Neutron Error.' }], 'no stack trace leaks');
  const logged = lines.map((line) => JSON.parse(line));
  t.equal(logged.length, 1);
  t.match(logged[0], { level: 50, msg: 'request failed unexpectedly', err: { message: 'disk on fire', stack: /Error: disk on fire/ } });

  app.emulator.vpcs.vpcs.list = () => {
    throw new VpcError('VPC.0105', 'a documented 500');
  };
  const documented = await call(app, 'GET', '/vpcs');
  t.same([documented.status, documented.body.code], [500, 'VPC.0105']);
  t.equal(lines.length, 1, "the API's own 500 is an answer, not a failure to log");
});

// The isolation matrix, generated from the emulator's own route table (its OpenAPI document), so that a new
// route cannot be forgotten: a second project that uses the first project's ids gets 404 and changes nothing;
// its lists and tag queries show none of the first project's resources; a body that references the first
// project's VPC, subnet, port or private service is refused; in strict mode a credential for one project is
// refused on another project's path; describe and the public list reveal only their documented fields.
import t from 'tap';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { errorFormatOf } from '../../src/http/error-formats.js';
import { build } from '../helper.js';
import { exportState, settle } from '../support/control.js';
import { projectToken, usersOf } from '../identity/helper.js';

type Operation = { method: string; path: string; op: any };
type Body = Record<string, unknown>;

interface Account {
  token: string;
  project: string;
}

/** Creates that reference nothing another project could own: they are not part of the matrix. */
const FREE_CREATES = new Set(['POST /v1/{project_id}/vpcs']);
/** Queries sent as POST: they must show nothing of another project, like a GET of a list. */
const QUERIES_BY_POST = new Set(['POST /v1/{project_id}/{resource_type}/resource_instances/action']);
/** Cross-project by design: checked below for the fields they reveal. */
const CROSS_PROJECT_READS = new Set([
  'GET /v1/{project_id}/vpc-endpoint-services/describe',
  'GET /v1/{project_id}/vpc-endpoint-services/public',
]);

/** The value every tag of the owner's resources carries: it must never reach the intruder. */
const SECRET_TAG = 'owner-only-tag-value';

/** The cloud operations of the route table: everything under /v1/{project_id}, /v2/{project_id} and /v2.0. */
function cloudOperations(app: FastifyInstance): Operation[] {
  const document = app.swagger() as { paths: Record<string, Record<string, any>> };
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    if (!/^\/(v1\/\{project_id\}|v2\/\{project_id\}|v2\.0)\//.test(path)) continue;
    for (const [method, op] of Object.entries(methods)) operations.push({ method: method.toUpperCase(), path, op });
  }
  return operations;
}

async function request(app: FastifyInstance, who: Account, method: string, url: string, payload?: unknown) {
  const res = await app.inject({
    method: method as InjectOptions['method'],
    url,
    headers: { 'x-auth-token': who.token },
    ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
  });
  return { status: res.statusCode, body: res.body, json: () => JSON.parse(res.body) };
}

async function ok(answer: Promise<{ status: number; body: string; json(): any }>, what: string): Promise<any> {
  const res = await answer;
  if (res.status >= 300) throw new Error(`${what} failed: ${res.status} ${res.body}`);
  return res.status === 204 ? undefined : res.json();
}

/** The owner's world: a VPC, a subnet, a load balancer, a service on its VIP port with a whitelist record and a connection, an endpoint, all tagged. */
async function ownerWorld(app: FastifyInstance, owner: Account, consumerDomain: string) {
  const v1 = `/v1/${owner.project}`;
  const tags = [{ key: 'owner', value: SECRET_TAG }];
  const vpc = (await ok(request(app, owner, 'POST', `${v1}/vpcs`, { vpc: { name: 'owner-vpc', cidr: '192.168.0.0/16' } }), 'VPC')).vpc;
  const subnet = (
    await ok(
      request(app, owner, 'POST', `${v1}/subnets`, {
        subnet: { name: 'owner-subnet', cidr: '192.168.0.0/24', gateway_ip: '192.168.0.1', vpc_id: vpc.id },
      }),
      'subnet',
    )
  ).subnet;
  await settle(app);
  const lb = (
    await ok(
      request(app, owner, 'POST', '/v2.0/lbaas/loadbalancers', { loadbalancer: { name: 'owner-lb', vip_subnet_id: subnet.neutron_subnet_id } }),
      'load balancer',
    )
  ).loadbalancer;
  await settle(app);
  const service = await ok(
    request(app, owner, 'POST', `${v1}/vpc-endpoint-services`, {
      port_id: lb.vip_port_id,
      vpc_id: vpc.id,
      server_type: 'LB',
      ports: [{ client_port: 80, server_port: 8080 }],
      tags,
    }),
    'service',
  );
  await settle(app);
  await ok(
    request(app, owner, 'POST', `${v1}/vpc-endpoint-services/${service.id}/permissions/action`, {
      action: 'add',
      permissions: [`iam:domain::${consumerDomain}`],
    }),
    'whitelist',
  );
  const permission = (await ok(request(app, owner, 'GET', `${v1}/vpc-endpoint-services/${service.id}/permissions`), 'permissions'))
    .permissions[0];
  const endpoint = await ok(
    request(app, owner, 'POST', `${v1}/vpc-endpoints`, { endpoint_service_id: service.id, vpc_id: vpc.id, subnet_id: subnet.id, tags }),
    'endpoint',
  );
  await settle(app);
  for (const [kind, id] of [
    ['vpcs', vpc.id],
    ['subnets', subnet.id],
    ['loadbalancers', lb.id],
  ]) {
    await ok(request(app, owner, 'POST', `/v2.0/${owner.project}/${kind}/${id}/tags/action`, { action: 'create', tags }), `${kind} tags`);
  }
  return { vpc, subnet, lb, service, permission, endpoint };
}

type World = Awaited<ReturnType<typeof ownerWorld>>;

/** Every id of the owner's world, which must not appear in anything the intruder lists. */
const idsOf = (w: World) => [w.vpc.id, w.subnet.id, w.subnet.neutron_subnet_id, w.lb.id, w.lb.vip_port_id, w.service.id, w.permission.id, w.endpoint.id];

/** The owner's id a path parameter names; a parameter the matrix does not know fails the test, so it gets decided here. */
function ownerId(w: World, path: string, name: string, resourceType?: string): string {
  const neutron = path.startsWith('/v2.0/');
  switch (name) {
    case 'vpc_endpoint_service_id':
      return w.service.id;
    case 'vpc_endpoint_id':
      return w.endpoint.id;
    case 'permission_id':
      return w.permission.id;
    case 'vpc_id':
      return w.vpc.id;
    case 'subnet_id':
      return neutron ? w.subnet.neutron_subnet_id : w.subnet.id;
    case 'network_id':
      return w.subnet.neutron_network_id;
    case 'port_id':
      return w.lb.vip_port_id;
    case 'loadbalancer_id':
      return w.lb.id;
    case 'resource_id': {
      const kind = resourceType ?? /\/(\w+)\/\{resource_id\}/.exec(path)![1];
      const byKind: Record<string, string> = {
        endpoint_service: w.service.id,
        endpoint: w.endpoint.id,
        vpcs: w.vpc.id,
        subnets: w.subnet.id,
        loadbalancers: w.lb.id,
      };
      if (!byKind[kind]) throw new Error(`no owner resource of kind ${kind} for ${path}`);
      return byKind[kind];
    }
    default:
      throw new Error(`the isolation matrix does not know the path parameter ${name} of ${path}: add it to ownerId`);
  }
}

/** Body fields that reference another resource, and the owner's resource an intruder would put there. */
function referencing(w: World): Record<string, string> {
  return {
    port_id: w.lb.vip_port_id,
    vpc_id: w.vpc.id,
    subnet_id: w.subnet.id,
    vip_subnet_id: w.subnet.neutron_subnet_id,
    endpoint_service_id: w.service.id,
  };
}

/** The body with every reference replaced by the owner's resource; answers whether any was replaced. */
function withOwnerReferences(body: unknown, references: Record<string, string>): { body: unknown; replaced: boolean } {
  if (Array.isArray(body)) {
    const items = body.map((item) => withOwnerReferences(item, references));
    return { body: items.map((i) => i.body), replaced: items.some((i) => i.replaced) };
  }
  if (body === null || typeof body !== 'object') return { body, replaced: false };
  let replaced = false;
  const out: Body = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string' && references[key]) {
      out[key] = references[key];
      replaced = true;
    } else {
      const inner = withOwnerReferences(value, references);
      out[key] = inner.body;
      replaced ||= inner.replaced;
    }
  }
  return { body: out, replaced };
}

interface Call {
  name: string;
  method: string;
  url: string;
  body: unknown;
  pathIds: boolean;
  replaced: boolean;
}

/** The concrete requests for one operation: one per value of {resource_type}, path ids the owner's. */
function callsOf(operation: Operation, w: World, project: string): Call[] {
  const { method, path, op } = operation;
  const params: any[] = (op.parameters ?? []).filter((p: any) => p.in === 'path');
  const typeParam = params.find((p) => p.name === 'resource_type');
  const resourceTypes: (string | undefined)[] = typeParam ? typeParam.schema.enum : [undefined];
  const example = op.requestBody?.content?.['application/json']?.example;
  const { body, replaced } = withOwnerReferences(example, referencing(w));
  return resourceTypes.map((resourceType) => {
    let url = path;
    for (const param of params) {
      const value =
        param.name === 'project_id' ? project : param.name === 'resource_type' ? resourceType! : ownerId(w, path, param.name, resourceType);
      url = url.replace(`{${param.name}}`, value);
    }
    return {
      name: `${method} ${path}${resourceType ? ` (${resourceType})` : ''}`,
      method,
      url,
      body,
      pathIds: params.some((p) => p.name !== 'project_id' && p.name !== 'resource_type'),
      replaced,
    };
  });
}

/** Two accounts in two domains, each with a project-scoped token, and the owner's world. */
async function setUp(t: Parameters<typeof build>[0], auth: 'strict' | 'lenient') {
  const app = await build(t, { auth, users: usersOf('owner-domain', 'intruder-domain'), references: 'known', delayNetwork: { kind: 'manual' } });
  const sign = async (domain: string, project: string): Promise<Account & { domain: string }> => {
    const { id, token } = await projectToken(app, domain, project);
    return { token: id, project: token.project.id, domain: token.user.domain.id };
  };
  const owner = await sign('owner-domain', 'eu-de_owner');
  const intruder = await sign('intruder-domain', 'eu-de_intruder');
  // The intruder's domain is on the owner's whitelist: even a welcome consumer may not touch the owner's records.
  const world = await ownerWorld(app, owner, intruder.domain);
  return { app, owner, intruder, world };
}

for (const auth of ['lenient', 'strict'] as const) {
  t.test(`${auth}: another project with the owner's ids gets 404, sees nothing and changes nothing, for every operation`, async (t) => {
    const { app, intruder, world } = await setUp(t, auth);
    const before = await exportState(app);
    const secrets = [...idsOf(world), SECRET_TAG];
    let matrixCalls = 0;
    for (const operation of cloudOperations(app)) {
      const key = `${operation.method} ${operation.path}`;
      if (FREE_CREATES.has(key) || CROSS_PROJECT_READS.has(key)) continue;
      for (const call of callsOf(operation, world, intruder.project)) {
        matrixCalls++;
        const res = await request(app, intruder, call.method, call.url, call.body);
        if (call.pathIds) {
          t.equal(res.status, 404, `${call.name} with the owner's ids: 404 (${res.body.slice(0, 200)})`);
        } else if (call.method === 'GET' || QUERIES_BY_POST.has(key)) {
          t.equal(res.status, 200, `${call.name} answers`);
          const leaked = secrets.filter((secret) => res.body.includes(secret));
          t.same(leaked, [], `${call.name} shows nothing of the owner's`);
        } else {
          t.ok(call.replaced, `${call.name} references another resource (else list it in FREE_CREATES)`);
          t.ok(res.status >= 400 && res.status < 500, `${call.name} with the owner's references is refused (${res.status} ${res.body.slice(0, 200)})`);
        }
      }
    }
    t.ok(matrixCalls > 40, `${matrixCalls} calls`);
    t.same(await exportState(app), before, 'nothing changed');
  });
}

t.test("strict: a credential for one project is refused on another project's path, for every operation", async (t) => {
  const { app, owner, intruder, world } = await setUp(t, 'strict');
  const before = await exportState(app);
  let refused = 0;
  for (const operation of cloudOperations(app)) {
    if (!operation.path.includes('{project_id}')) continue;
    for (const call of callsOf(operation, world, owner.project)) {
      const res = await request(app, intruder, call.method, call.url, call.body);
      // Each API refuses in its documented way: the VPC API with 400 VPC.0007, VPCEP and Neutron with 403.
      const [status, code] = errorFormatOf(operation.path) === 'vpc' ? [400, '"VPC.0007"'] : [403, ''];
      t.equal(res.status, status, `${call.name} on the owner's project with the intruder's token: ${status} (${res.body.slice(0, 200)})`);
      t.ok(res.body.includes(code), `${call.name}: ${code || 'refused'}`);
      refused++;
    }
  }
  t.ok(refused > 40, `${refused} calls refused`);
  t.same(await exportState(app), before, 'nothing changed');
});

t.test('describe and the public list reveal only their documented fields', async (t) => {
  const { app, intruder, world } = await setUp(t, 'strict');
  const document = app.swagger() as { paths: Record<string, Record<string, any>> };
  const fieldsOf = (path: string) => document.paths[path].get.responses['200'].content['application/json'].schema;
  const v1 = `/v1/${intruder.project}/vpc-endpoint-services`;
  const private_ = [world.vpc.id, world.lb.vip_port_id, world.permission.id, world.endpoint.id, SECRET_TAG, 'owner-domain'];

  const describeFields = Object.keys(fieldsOf('/v1/{project_id}/vpc-endpoint-services/describe').properties).sort();
  for (const query of [`id=${world.service.id}`, `endpoint_service_name=${encodeURIComponent(world.service.service_name)}`]) {
    const res = await request(app, intruder, 'GET', `${v1}/describe?${query}`);
    t.equal(res.status, 200, `describe by ${query.split('=')[0]} (${res.body.slice(0, 200)})`);
    t.same(Object.keys(res.json()).sort(), describeFields, 'exactly the documented fields');
    t.equal(res.json().id, world.service.id);
    t.same(private_.filter((secret) => res.body.includes(secret)), [], 'nothing private: no VPC, port, whitelist, endpoint or tag');
  }

  const publicList = await request(app, intruder, 'GET', `${v1}/public`);
  t.equal(publicList.status, 200);
  const publicFields = Object.keys(fieldsOf('/v1/{project_id}/vpc-endpoint-services/public').properties.endpoint_services.items.properties);
  for (const service of publicList.json().endpoint_services) {
    t.same(Object.keys(service).filter((key) => !publicFields.includes(key)), [], `public service ${service.service_name}: documented fields only`);
  }
  t.notOk(publicList.body.includes(world.service.id), "a project's own service is not public");
});

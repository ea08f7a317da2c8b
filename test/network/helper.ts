// Requests to the companion APIs for the tests in this folder: the VPC API v1 under /v1/{project_id}, and
// Neutron's /v2.0, whose project is the token's (so those requests carry a token issued for the project).
import type { FastifyInstance, InjectOptions } from 'fastify';
import { call, PROJECT, settle } from '../helper.js';

export { call as vpcApi };

/** A token the emulator issued, scoped to the project by id (any name and password work in lenient mode). */
export async function tokenFor(app: FastifyInstance, project = PROJECT): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/v3/auth/tokens',
    payload: {
      auth: {
        identity: { methods: ['password'], password: { user: { name: 'tester', password: 'p', domain: { name: `dom-${project}` } } } },
        scope: { project: { id: project } },
      },
    },
  });
  if (res.statusCode !== 201) throw new Error(`token request failed: ${res.statusCode} ${res.body}`);
  return res.headers['x-subject-token'] as string;
}

/**
 * An access key's signature for the project (X-Project-Id), as lenient mode accepts any: a credential for
 * /v2.0 that leaves no identity record behind.
 */
export function signedFor(project = PROJECT): Record<string, string> {
  return {
    authorization: 'SDK-HMAC-SHA256 Access=AK1, SignedHeaders=x-sdk-date, Signature=abc',
    'x-sdk-date': '20260101T000000Z',
    'x-project-id': project,
  };
}

/** A request to /v2.0{path} with the token (or other credential headers); answers status, parsed body and headers. */
export async function neutron(
  app: FastifyInstance,
  credential: string | Record<string, string>,
  method: InjectOptions['method'],
  path: string,
  payload?: unknown,
): Promise<{ status: number; body: any; headers: Record<string, unknown> }> {
  const res = await app.inject({
    method,
    url: `/v2.0${path}`,
    headers: typeof credential === 'string' ? { 'x-auth-token': credential } : credential,
    ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
  });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined, headers: res.headers };
}

async function created(answer: Promise<{ status: number; body: any }>, what: string, status = 200): Promise<any> {
  const res = await answer;
  if (res.status !== status) throw new Error(`${what} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export const createVpc = async (app: FastifyInstance, vpc: Record<string, unknown> = {}, project = PROJECT) =>
  (await created(call(app, 'POST', '/vpcs', { vpc: { name: 'vpc', cidr: '192.168.0.0/16', ...vpc } }, project), 'create VPC')).vpc;

export const createSubnet = async (
  app: FastifyInstance,
  vpcId: string,
  subnet: Record<string, unknown> = {},
  project = PROJECT,
) =>
  (
    await created(
      call(app, 'POST', '/subnets', { subnet: { name: 'subnet', cidr: '192.168.0.0/24', gateway_ip: '192.168.0.1', vpc_id: vpcId, ...subnet } }, project),
      'create subnet',
    )
  ).subnet;

/** A VPC 192.168.0.0/16 with a subnet 192.168.0.0/24 in the project, both settled (OK, ACTIVE). */
export async function network(app: FastifyInstance, project = PROJECT): Promise<{ vpc: any; subnet: any }> {
  const vpc = await createVpc(app, {}, project);
  const subnet = await createSubnet(app, vpc.id, {}, project);
  await settle(app);
  return { vpc, subnet };
}

export const createLoadBalancer = async (
  app: FastifyInstance,
  token: string | Record<string, string>,
  vipSubnetId: string,
  loadbalancer: Record<string, unknown> = {},
) =>
  (
    await created(
      neutron(app, token, 'POST', '/lbaas/loadbalancers', { loadbalancer: { name: 'lb', vip_subnet_id: vipSubnetId, ...loadbalancer } }),
      'create load balancer',
      201,
    )
  ).loadbalancer;

/** The body of an LB endpoint service on a load balancer's VIP port, without approval. */
export const lbServiceBody = (portId: string, vpcId: string, extra: Record<string, unknown> = {}) => ({
  port_id: portId,
  vpc_id: vpcId,
  server_type: 'LB',
  approval_enabled: false,
  ports: [{ client_port: 80, server_port: 8080 }],
  ...extra,
});

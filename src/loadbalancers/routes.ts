// HTTP binding of Neutron's /v2.0 for the token's project: ELB v2 load balancers under /lbaas, and the
// reads of a VIP port, a network and a subnet. Errors answer in Neutron's format.
import type { FastifyInstance } from 'fastify';
import type { Authenticator } from '../identity/credentials.js';
import { requireProjectCredentials } from '../http/auth.js';
import { documentCredentials } from '../http/openapi.js';
import { answerNeutronErrors, NeutronError, refuseInNeutron } from './errors.js';
import {
  createLoadBalancer,
  deleteLoadBalancer,
  findLoadBalancer,
  updateLoadBalancer,
  type LoadBalancerContext,
} from './operations.js';
import {
  loadBalancerRouteSchemas,
  neutronReadSchemas,
  type CreateLoadBalancerInput,
  type ListLoadBalancersInput,
  type UpdateLoadBalancerInput,
} from './schemas.js';
import { loadBalancerView, networkView, neutronSubnetView, portView } from './store.js';

interface LoadBalancerRoute {
  Params: { loadbalancer_id: string };
}

export interface NeutronRouteOptions {
  ctx: LoadBalancerContext;
  authenticator: Authenticator;
}

export async function neutronRoutes(app: FastifyInstance, { ctx, authenticator }: NeutronRouteOptions): Promise<void> {
  app.addHook('preParsing', requireProjectCredentials(authenticator, refuseInNeutron));
  documentCredentials(app);
  answerNeutronErrors(app);
  // The project is the credential's, set by the hook above.
  const project = (request: { project: string | null }) => request.project!;

  app.post<{ Body: { loadbalancer: CreateLoadBalancerInput } }>(
    '/lbaas/loadbalancers',
    { schema: loadBalancerRouteSchemas.create },
    async (request, reply) => {
      const created = createLoadBalancer(ctx, project(request), request.body.loadbalancer);
      return reply.code(201).send({ loadbalancer: loadBalancerView(created) });
    },
  );

  app.get<{ Querystring: ListLoadBalancersInput }>(
    '/lbaas/loadbalancers',
    { schema: loadBalancerRouteSchemas.list },
    async (request) => {
      const found = ctx.store.list(project(request), request.query);
      if (!found) throw new NeutronError('HTTPBadRequest', `marker ${request.query.marker} is not a load balancer of the project.`);
      return { loadbalancers: found.map(loadBalancerView) };
    },
  );

  app.get<LoadBalancerRoute>('/lbaas/loadbalancers/:loadbalancer_id', { schema: loadBalancerRouteSchemas.get }, async (request) => ({
    loadbalancer: loadBalancerView(findLoadBalancer(ctx, project(request), request.params.loadbalancer_id)),
  }));

  app.put<LoadBalancerRoute & { Body: { loadbalancer: UpdateLoadBalancerInput } }>(
    '/lbaas/loadbalancers/:loadbalancer_id',
    { schema: loadBalancerRouteSchemas.update },
    async (request) => {
      const updated = updateLoadBalancer(ctx, project(request), request.params.loadbalancer_id, request.body.loadbalancer);
      return { loadbalancer: loadBalancerView(updated) };
    },
  );

  app.delete<LoadBalancerRoute>(
    '/lbaas/loadbalancers/:loadbalancer_id',
    { schema: loadBalancerRouteSchemas.remove },
    async (request, reply) => {
      deleteLoadBalancer(ctx, project(request), request.params.loadbalancer_id);
      return reply.code(204).send();
    },
  );

  app.get<{ Params: { port_id: string } }>('/ports/:port_id', { schema: neutronReadSchemas.port }, async (request) => {
    const lb = ctx.store.findByPort(request.params.port_id);
    if (!lb || lb.project_id !== project(request)) {
      throw new NeutronError('PortNotFound', `Port ${request.params.port_id} could not be found.`);
    }
    return { port: portView(lb) };
  });

  app.get<{ Params: { network_id: string } }>('/networks/:network_id', { schema: neutronReadSchemas.network }, async (request) => {
    const subnet = ctx.subnets.find(project(request), request.params.network_id);
    if (!subnet) throw new NeutronError('NetworkNotFound', `Network ${request.params.network_id} could not be found.`);
    return { network: networkView(subnet) };
  });

  app.get<{ Params: { subnet_id: string } }>('/subnets/:subnet_id', { schema: neutronReadSchemas.subnet }, async (request) => {
    const subnet = ctx.subnets.findByNeutronId(project(request), request.params.subnet_id);
    if (!subnet) throw new NeutronError('SubnetNotFound', `Subnet ${request.params.subnet_id} could not be found.`);
    return { subnet: neutronSubnetView(subnet) };
  });
}

// HTTP binding of the endpoint operations under /v1/{project_id}.
import type { FastifyInstance } from 'fastify';
import { removePolicy, updatePolicy, updateRouteTables, updateWhitelist, upgradeEndpoint } from './modify.js';
import { createEndpoint, deleteEndpoint, findEndpoint, type EndpointContext } from './operations.js';
import {
  routeSchemas,
  type CreateEndpointRequest,
  type ListEndpointsInput,
  type UpdatePolicyInput,
  type UpdateRouteTablesInput,
  type UpdateWhitelistInput,
  type UpgradeEndpointInput,
} from './schemas.js';
import type { EndpointFilter } from './store.js';

interface ProjectRoute {
  Params: { project_id: string };
}
interface EndpointRoute {
  Params: { project_id: string; vpc_endpoint_id: string };
}

export async function endpointRoutes(app: FastifyInstance, ctx: EndpointContext): Promise<void> {
  app.post<ProjectRoute & { Body: CreateEndpointRequest }>(
    '/vpc-endpoints',
    { schema: routeSchemas.create },
    async (request) => createEndpoint(ctx, request.params.project_id, request.body),
  );

  app.get<ProjectRoute & { Querystring: ListEndpointsInput & EndpointFilter }>(
    '/vpc-endpoints',
    { schema: routeSchemas.list },
    async (request) => {
      const { items, total } = ctx.store.list(request.params.project_id, request.query);
      return { endpoints: items, total_count: total };
    },
  );

  app.get<EndpointRoute>(
    '/vpc-endpoints/:vpc_endpoint_id',
    { schema: routeSchemas.get },
    async (request) => findEndpoint(ctx, request.params.project_id, request.params.vpc_endpoint_id),
  );

  app.put<EndpointRoute & { Body: UpdateWhitelistInput }>(
    '/vpc-endpoints/:vpc_endpoint_id',
    { schema: routeSchemas.updateWhitelist },
    async (request) => updateWhitelist(ctx, request.params.project_id, request.params.vpc_endpoint_id, request.body),
  );

  app.put<EndpointRoute & { Body: UpdateRouteTablesInput }>(
    '/vpc-endpoints/:vpc_endpoint_id/routetables',
    { schema: routeSchemas.updateRouteTables },
    async (request) =>
      updateRouteTables(ctx, request.params.project_id, request.params.vpc_endpoint_id, request.body),
  );

  app.put<EndpointRoute & { Body: UpdatePolicyInput }>(
    '/vpc-endpoints/:vpc_endpoint_id/policy',
    { schema: routeSchemas.updatePolicy },
    async (request) => updatePolicy(ctx, request.params.project_id, request.params.vpc_endpoint_id, request.body),
  );

  app.delete<EndpointRoute>(
    '/vpc-endpoints/:vpc_endpoint_id/policy',
    { schema: routeSchemas.removePolicy },
    async (request) => removePolicy(ctx, request.params.project_id, request.params.vpc_endpoint_id),
  );

  app.delete<EndpointRoute>(
    '/vpc-endpoints/:vpc_endpoint_id',
    { schema: routeSchemas.remove },
    async (request, reply) => {
      deleteEndpoint(ctx, request.params.project_id, request.params.vpc_endpoint_id);
      return reply.code(204).send();
    },
  );
}

/** The Huawei SDKs' v2 operation on endpoints, under /v2/{project_id}. */
export async function endpointV2Routes(app: FastifyInstance, ctx: EndpointContext): Promise<void> {
  app.post<EndpointRoute & { Body: UpgradeEndpointInput }>(
    '/vpc-endpoints/:vpc_endpoint_id/upgrade',
    { schema: routeSchemas.upgrade },
    async (request, reply) => {
      upgradeEndpoint(ctx, request.params.project_id, request.params.vpc_endpoint_id);
      return reply.code(202).send();
    },
  );
}

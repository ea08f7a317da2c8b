// HTTP binding of the endpoint operations under /v1/{project_id}.
import type { FastifyInstance } from 'fastify';
import { createEndpoint, deleteEndpoint, findEndpoint, type EndpointContext } from './operations.js';
import { routeSchemas, type CreateEndpointRequest, type ListEndpointsInput } from './schemas.js';
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

  app.delete<EndpointRoute>(
    '/vpc-endpoints/:vpc_endpoint_id',
    { schema: routeSchemas.remove },
    async (request, reply) => {
      deleteEndpoint(ctx, request.params.project_id, request.params.vpc_endpoint_id);
      return reply.code(204).send();
    },
  );
}

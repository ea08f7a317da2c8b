// HTTP binding of the endpoint service operations under /v1/{project_id}.
import type { FastifyInstance } from 'fastify';
import type { Paging } from '../common/schemas.js';
import {
  createService,
  deleteService,
  findService,
  updateService,
  type ServiceContext,
} from './operations.js';
import {
  routeSchemas,
  type CreateServiceRequest,
  type ListServicesInput,
  type UpdateServiceInput,
} from './schemas.js';

interface ProjectRoute {
  Params: { project_id: string };
}
interface ServiceRoute {
  Params: { project_id: string; vpc_endpoint_service_id: string };
}

export async function endpointServiceRoutes(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.post<ProjectRoute & { Body: CreateServiceRequest }>(
    '/vpc-endpoint-services',
    { schema: routeSchemas.create },
    async (request) => createService(ctx, request.params.project_id, request.body),
  );

  app.get<ProjectRoute & { Querystring: ListServicesInput & Paging }>(
    '/vpc-endpoint-services',
    { schema: routeSchemas.list },
    async (request) => {
      const { items, total } = ctx.store.list(request.params.project_id, request.query);
      return { endpoint_services: items, total_count: total };
    },
  );

  app.get<ServiceRoute>(
    '/vpc-endpoint-services/:vpc_endpoint_service_id',
    { schema: routeSchemas.get },
    async (request) => findService(ctx, request.params.project_id, request.params.vpc_endpoint_service_id),
  );

  app.put<ServiceRoute & { Body: UpdateServiceInput }>(
    '/vpc-endpoint-services/:vpc_endpoint_service_id',
    { schema: routeSchemas.update },
    async (request) =>
      updateService(ctx, request.params.project_id, request.params.vpc_endpoint_service_id, request.body),
  );

  app.delete<ServiceRoute>(
    '/vpc-endpoint-services/:vpc_endpoint_service_id',
    { schema: routeSchemas.remove },
    async (request, reply) => {
      deleteService(ctx, request.params.project_id, request.params.vpc_endpoint_service_id);
      return reply.code(204).send();
    },
  );
}

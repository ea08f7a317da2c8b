// HTTP binding of the endpoint service operations under /v1/{project_id}.
import type { FastifyInstance } from 'fastify';
import type { Paging } from '../common/schemas.js';
import { noBodyIsEmpty } from '../http/json-body.js';
import {
  addServerResources,
  createService,
  deleteService,
  findService,
  updateService,
  upgradeService,
  type ServiceContext,
} from './operations.js';
import {
  routeSchemas,
  type AddServerResourcesInput,
  type CreateServiceRequest,
  type ListServicesInput,
  type RenameServiceInput,
  type UpdateServiceInput,
  type UpgradeServiceInput,
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

  app.put<ServiceRoute & { Body: RenameServiceInput }>(
    '/vpc-endpoint-services/:vpc_endpoint_service_id/name',
    { schema: routeSchemas.rename },
    async (request) => {
      const { project_id, vpc_endpoint_service_id: id } = request.params;
      const renamed = updateService(ctx, project_id, id, { service_name: request.body.endpoint_service_name });
      return { endpoint_service_name: renamed.service_name };
    },
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

/** The Huawei SDKs' v2 operations on services, under /v2/{project_id}. */
export async function endpointServiceV2Routes(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  // The SDKs send this one without a body (Content-Length: 0); the documented body is optional.
  app.post<ServiceRoute & { Body: UpgradeServiceInput }>(
    '/vpc-endpoint-services/:vpc_endpoint_service_id/upgrade',
    { schema: routeSchemas.upgrade, preValidation: noBodyIsEmpty },
    async (request, reply) => {
      upgradeService(ctx, request.params.project_id, request.params.vpc_endpoint_service_id, request.body);
      return reply.code(204).send();
    },
  );

  app.post<ServiceRoute & { Body: AddServerResourcesInput }>(
    '/vpc-endpoint-services/:vpc_endpoint_service_id/add-server-resources',
    { schema: routeSchemas.addServerResources },
    async (request, reply) => {
      addServerResources(ctx, request.params.project_id, request.params.vpc_endpoint_service_id, request.body);
      return reply.code(204).send();
    },
  );
}

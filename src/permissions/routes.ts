// HTTP binding of the whitelist operations under /v1/{project_id}/vpc-endpoint-services/{id}.
import type { FastifyInstance } from 'fastify';
import { findService } from '../endpoint-services/operations.js';
import { changeWhitelist, type PermissionContext } from './operations.js';
import { routeSchemas, type ListPermissionsInput, type PermissionActionInput } from './schemas.js';
import type { PermissionFilter } from './store.js';

interface ServiceRoute {
  Params: { project_id: string; vpc_endpoint_service_id: string };
}

export async function permissionRoutes(app: FastifyInstance, ctx: PermissionContext): Promise<void> {
  app.get<ServiceRoute & { Querystring: ListPermissionsInput & PermissionFilter }>(
    '/vpc-endpoint-services/:vpc_endpoint_service_id/permissions',
    { schema: routeSchemas.list },
    async (request) => {
      const { project_id, vpc_endpoint_service_id: serviceId } = request.params;
      findService(ctx.services, project_id, serviceId);
      const { items, total } = ctx.store.list(serviceId, request.query);
      return { permissions: items, total_count: total };
    },
  );

  app.post<ServiceRoute & { Body: PermissionActionInput }>(
    '/vpc-endpoint-services/:vpc_endpoint_service_id/permissions/action',
    { schema: routeSchemas.action },
    async (request) => {
      const { project_id, vpc_endpoint_service_id: serviceId } = request.params;
      return { permissions: changeWhitelist(ctx, project_id, serviceId, request.body) };
    },
  );
}

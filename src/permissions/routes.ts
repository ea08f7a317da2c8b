// HTTP binding of the whitelist operations under /v1/{project_id}/vpc-endpoint-services/{id}.
import type { FastifyInstance } from 'fastify';
import { findService } from '../endpoint-services/operations.js';
import { addRecords, changeWhitelist, describeRecord, removeRecords, type PermissionContext } from './operations.js';
import {
  routeSchemas,
  type BatchCreateInput,
  type BatchDeleteInput,
  type ListPermissionsInput,
  type PermissionActionInput,
  type UpdatePermissionInput,
} from './schemas.js';
import type { PermissionFilter } from './store.js';

interface ServiceRoute {
  Params: { project_id: string; vpc_endpoint_service_id: string };
}
interface RecordRoute {
  Params: { project_id: string; vpc_endpoint_service_id: string; permission_id: string };
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
      return { permissions: changeWhitelist(ctx, project_id, serviceId, request.body), permission_type: 'domainId' };
    },
  );

  app.post<ServiceRoute & { Body: BatchCreateInput }>(
    '/vpc-endpoint-services/:vpc_endpoint_service_id/permissions/batch-create',
    { schema: routeSchemas.batchCreate },
    async (request) => {
      const { project_id, vpc_endpoint_service_id: serviceId } = request.params;
      return { permissions: addRecords(ctx, project_id, serviceId, request.body) };
    },
  );

  app.post<ServiceRoute & { Body: BatchDeleteInput }>(
    '/vpc-endpoint-services/:vpc_endpoint_service_id/permissions/batch-delete',
    { schema: routeSchemas.batchDelete },
    async (request) => {
      const { project_id, vpc_endpoint_service_id: serviceId } = request.params;
      return { permissions: removeRecords(ctx, project_id, serviceId, request.body) };
    },
  );

  app.put<RecordRoute & { Body: UpdatePermissionInput }>(
    '/vpc-endpoint-services/:vpc_endpoint_service_id/permissions/:permission_id',
    { schema: routeSchemas.describe },
    async (request) => {
      const { project_id, vpc_endpoint_service_id: serviceId, permission_id: id } = request.params;
      return { permissions: [describeRecord(ctx, project_id, serviceId, id, request.body.permission.description)] };
    },
  );
}

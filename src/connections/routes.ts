// HTTP binding of the connection operations under /v1/{project_id}/vpc-endpoint-services/{id}.
import type { FastifyInstance } from 'fastify';
import { findService } from '../endpoint-services/operations.js';
import { actOnConnection, describeConnections, type ConnectionContext } from './operations.js';
import {
  routeSchemas,
  type ConnectionActionInput,
  type DescribeConnectionsInput,
  type ListConnectionsInput,
} from './schemas.js';
import type { ConnectionFilter } from './store.js';

interface ServiceRoute {
  Params: { project_id: string; vpc_endpoint_service_id: string };
}

export async function connectionRoutes(app: FastifyInstance, ctx: ConnectionContext): Promise<void> {
  app.get<ServiceRoute & { Querystring: ListConnectionsInput & ConnectionFilter }>(
    '/vpc-endpoint-services/:vpc_endpoint_service_id/connections',
    { schema: routeSchemas.list },
    async (request) => {
      const { project_id, vpc_endpoint_service_id: serviceId } = request.params;
      findService(ctx.services, project_id, serviceId);
      const { items, total } = ctx.store.list(serviceId, request.query);
      return { connections: items, total_count: total };
    },
  );

  app.post<ServiceRoute & { Body: ConnectionActionInput }>(
    '/vpc-endpoint-services/:vpc_endpoint_service_id/connections/action',
    { schema: routeSchemas.action },
    async (request) => {
      const { project_id, vpc_endpoint_service_id: serviceId } = request.params;
      return { connections: actOnConnection(ctx, project_id, serviceId, request.body) };
    },
  );

  app.put<ServiceRoute & { Body: DescribeConnectionsInput }>(
    '/vpc-endpoint-services/:vpc_endpoint_service_id/connections/description',
    { schema: routeSchemas.describe },
    async (request) => {
      const { project_id, vpc_endpoint_service_id: serviceId } = request.params;
      return { connections: describeConnections(ctx, project_id, serviceId, request.body) };
    },
  );
}

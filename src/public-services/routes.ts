// HTTP binding of the public catalogue and of describe under /v1/{project_id}. Both are static paths
// under /vpc-endpoint-services, which the router matches before /vpc-endpoint-services/{id}.
import type { FastifyInstance } from 'fastify';
import type { Paging } from '../common/schemas.js';
import type { ListServicesInput } from '../endpoint-services/schemas.js';
import { PUBLIC_BORDER_GROUP } from '../common/schemas.js';
import { ApiError } from '../errors.js';
import { listPublicServices } from './catalogue.js';
import type { ServiceDirectory, TargetService } from './directory.js';
import { routeSchemas, type DescribeInput, type ServiceDescriptionView } from './schemas.js';

interface ProjectRoute {
  Params: { project_id: string };
}

export async function publicServiceRoutes(app: FastifyInstance, directory: ServiceDirectory): Promise<void> {
  app.get<ProjectRoute & { Querystring: ListServicesInput & Paging }>(
    '/vpc-endpoint-services/public',
    { schema: routeSchemas.listPublic },
    async (request) => {
      const { items, total } = listPublicServices(directory.catalogue, request.query);
      return { endpoint_services: items, total_count: total };
    },
  );

  app.get<ProjectRoute & { Querystring: DescribeInput }>(
    '/vpc-endpoint-services/describe',
    { schema: routeSchemas.describe },
    async (request) => describe(directory, request.query),
  );
}

/** Any project may describe any service; given both parameters, both must match. */
function describe(directory: ServiceDirectory, query: DescribeInput): ServiceDescriptionView {
  const { id, endpoint_service_name: name } = query;
  if (!id && !name) throw new ApiError('EndPoint.2002', 'give id or endpoint_service_name');
  const service = id ? directory.findById(id) : directory.findByName(name!);
  if (!service || (name && service.service_name !== name)) {
    const criteria = [id && `id ${id}`, name && `name ${name}`].filter(Boolean).join(' and ');
    throw new ApiError('EndPoint.0005', `no endpoint service has ${criteria}`);
  }
  return toDescription(service);
}

function toDescription(s: TargetService): ServiceDescriptionView {
  return {
    id: s.id,
    service_name: s.service_name,
    service_type: s.service_type,
    server_type: s.server_type,
    created_at: s.created_at,
    is_charge: s.is_charge,
    enable_policy: s.enable_policy,
    public_border_group: PUBLIC_BORDER_GROUP,
  };
}

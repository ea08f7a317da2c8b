// HTTP binding of the tag API under /v1/{project_id}. resource_type is a path parameter, and
// find-my-way prefers static segments, so /vpc-endpoint-services/... and /vpc-endpoints/... keep
// their own routes; any other first segment reaches these and fails the resource_type check (3070).
import type { FastifyInstance } from 'fastify';
import { changeTags, listProjectTags, queryResources, type TagContext } from './operations.js';
import {
  routeSchemas,
  type ResourceQueryInput,
  type ResourceType,
  type TagActionInput,
} from './schemas.js';

interface TypeRoute {
  Params: { project_id: string; resource_type: ResourceType };
}
interface ResourceRoute {
  Params: { project_id: string; resource_type: ResourceType; resource_id: string };
}

export async function tagRoutes(app: FastifyInstance, ctx: TagContext): Promise<void> {
  app.post<ResourceRoute & { Body: TagActionInput }>(
    '/:resource_type/:resource_id/tags/action',
    { schema: routeSchemas.action },
    async (request, reply) => {
      const { project_id, resource_type, resource_id } = request.params;
      changeTags(ctx, resource_type, project_id, resource_id, request.body);
      return reply.code(204).send();
    },
  );

  app.get<TypeRoute>('/:resource_type/tags', { schema: routeSchemas.list }, async (request) =>
    listProjectTags(ctx, request.params.resource_type, request.params.project_id),
  );

  app.post<TypeRoute & { Body: ResourceQueryInput }>(
    '/:resource_type/resource_instances/action',
    { schema: routeSchemas.query },
    async (request) =>
      queryResources(ctx, request.params.resource_type, request.params.project_id, request.body),
  );
}

// HTTP binding of the quota query under /v1/{project_id}.
import type { FastifyInstance } from 'fastify';
import { QUOTA_TYPES, type QuotaType } from './quotas.js';
import { routeSchemas, type QuotaListView, type QuotaQueryInput } from './schemas.js';

export interface QuotaContext {
  quotas: Record<QuotaType, number>;
  /** How many resources of each type a project has. */
  used: Record<QuotaType, (projectId: string) => number>;
}

export async function quotaRoutes(app: FastifyInstance, ctx: QuotaContext): Promise<void> {
  app.get<{ Params: { project_id: string }; Querystring: QuotaQueryInput }>(
    '/quotas',
    { schema: routeSchemas.get },
    async (request): Promise<QuotaListView> => {
      const types = request.query.type ? [request.query.type] : QUOTA_TYPES;
      const resources = types.map((type) => ({
        type,
        used: ctx.used[type](request.params.project_id),
        quota: ctx.quotas[type],
      }));
      return { quotas: { resources } };
    },
  );
}

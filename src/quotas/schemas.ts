// GET /v1/{project_id}/quotas (vpcep-api.md §4.17).
import { Type, type Static } from 'typebox';
import { ProjectId, errorResponses } from '../common/schemas.js';
import { QUOTA_TYPES } from './quotas.js';

export const QuotaQuery = Type.Object({
  type: Type.Optional(
    Type.Enum(QUOTA_TYPES, { 'x-error-code': 'EndPoint.3070', description: 'Omitted: both types' }),
  ),
});

const QuotaResource = Type.Object({
  type: Type.Enum(QUOTA_TYPES),
  used: Type.Integer({ description: 'Resources the project has, in any status' }),
  quota: Type.Integer(),
});

export const QuotaList = Type.Object({
  quotas: Type.Object({ resources: Type.Array(QuotaResource) }),
});

export type QuotaQueryInput = Static<typeof QuotaQuery>;
export type QuotaListView = Static<typeof QuotaList>;

export const routeSchemas = {
  get: {
    tags: ['Quotas'],
    operationId: 'ListQuotaDetails',
    summary: 'Query the quotas of the project and how much of them is used',
    description:
      'The quota of endpoint services and of endpoints in the project (VPCEP_QUOTA_SERVICES, VPCEP_QUOTA_ENDPOINTS) and how many exist, in any status. 400 EndPoint.3070 for another type.',
    params: Type.Object({ project_id: ProjectId }),
    querystring: QuotaQuery,
    response: { 200: QuotaList, ...errorResponses(400) },
  },
};

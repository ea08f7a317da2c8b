// The whitelist of an endpoint service: the accounts, besides the owner's, that may connect to it
// (vpcep-api.md §3.7, §4.9, §4.10, §5.3), and the Huawei operations on its records (§10 H6-H8).
import { Type, type Static } from 'typebox';
import {
  Description,
  MAX_BATCH,
  ProjectId,
  SortKeyQuery,
  errorResponses,
  pagingQuery,
  withExample,
} from '../common/schemas.js';
import { ServiceParams } from '../endpoint-services/schemas.js';

export const ANY_ACCOUNT = '*';
export const DOMAIN_PREFIX = 'iam:domain::';

export const PermissionRecord = Type.String({
  pattern: '^(\\*|iam:domain::[A-Za-z0-9*]{1,64})$',
  'x-rule': '* or iam:domain:: followed by 1 to 64 letters, digits or *',
  'x-error-code': 'EndPoint.3002',
});

// OTC documents domainId as the only type (2025-06-25); the Huawei SDKs also know orgPath, for
// organizations, which OTC does not have.
const PermissionType = Type.Optional(
  Type.Enum(['domainId'], {
    default: 'domainId',
    'x-error-code': 'EndPoint.3002',
    description: 'domainId, the only type OTC has',
  }),
);

/** A batch of records: at least one (EndPoint.3036), at most MAX_BATCH in one request (EndPoint.0016). */
function Batch<T extends Parameters<typeof Type.Array>[0]>(item: T, description: string) {
  return Type.Array(item, {
    minItems: 1,
    maxItems: MAX_BATCH,
    'x-error-code': { required: 'EndPoint.3036', minItems: 'EndPoint.3036', maxItems: 'EndPoint.0016', '*': 'EndPoint.3036' },
    description,
  });
}

export const PermissionActionBody = Type.Object({
  action: Type.Enum(['add', 'remove'], {
    'x-error-code': { required: 'EndPoint.3035', '*': 'EndPoint.3035' },
  }),
  permissions: Batch(PermissionRecord, '"*" and "iam:domain::*" both allow every account; either is stored as "*"'),
  permission_type: PermissionType,
});

export const ListPermissionsQuery = Type.Object({
  permission: Type.Optional(Type.String({ description: 'Substring of the record' })),
  ...pagingQuery(500),
  // Records are never modified in a way that orders them, so only the creation time sorts them.
  sort_key: SortKeyQuery(['created_at', 'create_at']),
});

export const Permission = Type.Object({
  id: Type.String(),
  permission: Type.String({ description: 'iam:domain::{domain_id} or *' }),
  permission_type: Type.Literal('domainId'),
  description: Type.String(),
  created_at: Type.String(),
});

export const PermissionList = Type.Object({
  permissions: Type.Array(Permission),
  total_count: Type.Integer(),
});

export const PermissionActionResult = Type.Object({
  permissions: Type.Array(Type.String(), { description: 'The records added or removed' }),
  permission_type: Type.Literal('domainId'),
});

/** H7 (Huawei Cloud): records with descriptions. */
export const BatchCreateBody = Type.Object({
  permissions: Batch(
    Type.Object({ permission: PermissionRecord, description: Description() }),
    'A record the service has already keeps its id and created_at and takes the new description',
  ),
  permission_type: PermissionType,
});

/** H8 (Huawei Cloud): records by id. */
export const BatchDeleteBody = Type.Object({
  permissions: Batch(
    Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, 'x-error-code': 'EndPoint.3036' }) }),
    'Ids of whitelist records of the service',
  ),
});

/** H6 (Huawei Cloud): one record's description. */
export const UpdatePermissionBody = Type.Object({
  permission: Type.Object({ description: Description() }),
});

export const PermissionRecords = Type.Object({ permissions: Type.Array(Permission) });

export const PermissionParams = Type.Object({
  project_id: ProjectId,
  vpc_endpoint_service_id: Type.String(),
  permission_id: Type.String({ description: 'Whitelist record ID' }),
});

export type PermissionActionInput = Static<typeof PermissionActionBody>;
export type BatchCreateInput = Static<typeof BatchCreateBody>;
export type BatchDeleteInput = Static<typeof BatchDeleteBody>;
export type UpdatePermissionInput = Static<typeof UpdatePermissionBody>;
export type ListPermissionsInput = Static<typeof ListPermissionsQuery>;
export type PermissionView = Static<typeof Permission>;

const TAG = ['Whitelist'];

export const routeSchemas = {
  list: {
    tags: TAG,
    operationId: 'ListServicePermissionsDetails',
    summary: "List the whitelist records of a service (the owner's own account is implicit)",
    description:
      'The whitelist records (iam:domain::{domain id}) of a service of this project, paged and filterable by permission. 404 EndPoint.0005 for an unknown service or one of another project.',
    params: ServiceParams,
    querystring: ListPermissionsQuery,
    response: { 200: PermissionList, ...errorResponses(400, 404) },
  },
  action: {
    tags: TAG,
    operationId: 'AddOrRemoveServicePermissions',
    summary: 'Add or remove whitelist records of a service',
    description:
      'Adds or removes whitelist records of a service: accounts whose endpoints may connect to it. Records are iam:domain::{domain id} (1-64 letters, digits or *) or *. Answers the records acted on. 400 EndPoint.3035 for another action, EndPoint.3036 for an invalid or empty list.',
    params: ServiceParams,
    body: withExample(PermissionActionBody, {
      permissions: ['iam:domain::5fc973eea581490997e82ea11a1d0101'],
      action: 'add',
    }),
    response: { 200: PermissionActionResult, ...errorResponses(400, 404) },
  },
  batchCreate: {
    tags: TAG,
    operationId: 'BatchAddEndpointServicePermissions',
    summary: 'Add whitelist records with descriptions (Huawei Cloud); answers the records',
    description:
      'Adds whitelist records, each with a description, to a service of this project, in one transaction. A record the service already has keeps its id and created_at and takes the new description. Answers the records. 400 EndPoint.3002 for a malformed record, EndPoint.3049 beyond VPCEP_MAX_SERVICE_WHITELIST, EndPoint.0016 for more than 1000 in one request.',
    params: ServiceParams,
    body: withExample(BatchCreateBody, {
      permissions: [{ permission: 'iam:domain::5fc973eea581490997e82ea11a1d0101', description: 'test description' }],
      permission_type: 'domainId',
    }),
    response: { 200: PermissionRecords, ...errorResponses(400, 404) },
  },
  batchDelete: {
    tags: TAG,
    operationId: 'BatchRemoveEndpointServicePermissions',
    summary: 'Remove whitelist records by id (Huawei Cloud); answers the records that remain',
    description:
      'Removes whitelist records of a service of this project by their ids, all or none: one unknown id is 404 EndPoint.0005 and removes nothing. Answers the records that remain. Endpoints the records let in stay as they are.',
    params: ServiceParams,
    body: withExample(BatchDeleteBody, { permissions: [{ id: '1f15f5f3-c7d0-4b89-bb9f-5c3e1d7e2a41' }] }),
    response: { 200: PermissionRecords, ...errorResponses(400, 404) },
  },
  describe: {
    tags: TAG,
    operationId: 'UpdateEndpointServicePermissionDesc',
    summary: "Set a whitelist record's description (Huawei Cloud); answers the record",
    description:
      'Sets the description of one whitelist record of a service of this project (at most 128 characters, no < or >). 404 EndPoint.0005 for an unknown service or record.',
    params: PermissionParams,
    body: withExample(UpdatePermissionBody, { permission: { description: 'update description' } }),
    response: { 200: PermissionRecords, ...errorResponses(400, 404) },
  },
};

// The whitelist of an endpoint service: the accounts, besides the owner's, that may connect to it
// (vpcep-api.md §3.7, §4.9, §4.10, §5.3).
import { Type, type Static } from 'typebox';
import { errorResponses, pagingQuery, withExample } from '../common/schemas.js';
import { ServiceParams } from '../endpoint-services/schemas.js';

export const ANY_ACCOUNT = '*';
export const DOMAIN_PREFIX = 'iam:domain::';

export const PermissionRecord = Type.String({
  pattern: '^(\\*|iam:domain::[A-Za-z0-9*]{1,64})$',
  'x-rule': '* or iam:domain:: followed by 1 to 64 letters, digits or *',
  'x-error-code': 'EndPoint.3002',
});

export const PermissionActionBody = Type.Object({
  action: Type.Enum(['add', 'remove'], {
    'x-error-code': { required: 'EndPoint.3035', '*': 'EndPoint.3035' },
  }),
  permissions: Type.Array(PermissionRecord, {
    minItems: 1,
    'x-error-code': { required: 'EndPoint.3036', minItems: 'EndPoint.3036', '*': 'EndPoint.3036' },
    description: '"*" and "iam:domain::*" both allow every account; either is stored as "*"',
  }),
});

export const ListPermissionsQuery = Type.Object({
  permission: Type.Optional(Type.String({ description: 'Substring of the record' })),
  ...pagingQuery(500),
  sort_key: Type.Optional(
    Type.Enum(['created_at'], { default: 'created_at', 'x-error-code': 'EndPoint.0017' }),
  ),
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
});

export type PermissionActionInput = Static<typeof PermissionActionBody>;
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
};

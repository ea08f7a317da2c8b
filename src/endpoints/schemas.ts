// VPC endpoint requests and responses (vpcep-api.md §3.4, §3.5, §4.13-4.16).
// These schemas validate requests, type the handlers and generate the OpenAPI document.
import { Type, type Static } from 'typebox';
import {
  Description,
  ProjectId,
  ResourceError,
  Uuid,
  errorResponses,
  pagingQuery,
  type WithDefaults,
  withExample,
} from '../common/schemas.js';
import { ProjectParams, VpcId } from '../endpoint-services/schemas.js';
import { Tags, TagOut } from '../tags/schemas.js';

export const MAX_WHITELIST = 20;
export const MAX_POLICY_STATEMENTS = 10;

export const ENDPOINT_STATUSES = [
  'creating',
  'pendingAcceptance',
  'accepted',
  'rejected',
  'failed',
  'deleting',
] as const;
export type EndpointStatus = (typeof ENDPOINT_STATUSES)[number];

const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const IPV4 = `${OCTET}(\\.${OCTET}){3}`;

const PortIp = Type.String({
  pattern: `^${IPV4}$`,
  'x-rule': 'an IPv4 address',
  'x-error-code': 'EndPoint.2041',
  description: 'Interface endpoints: the address in the subnet; allocated when omitted',
});

const Whitelist = Type.Array(
  Type.String({
    pattern: `^${IPV4}(/(3[0-2]|[12]?[0-9]))?$`,
    'x-rule': 'an IPv4 address or CIDR block',
    'x-error-code': 'EndPoint.2044',
  }),
  {
    maxItems: MAX_WHITELIST,
    default: [],
    'x-error-code': { maxItems: 'EndPoint.2045', '*': 'EndPoint.2044' },
    description: `Interface endpoints: at most ${MAX_WHITELIST} client addresses or CIDR blocks`,
  },
);

const PolicyWords = Type.Array(Type.String({ minLength: 1, 'x-error-code': 'EndPoint.2048' }), {
  minItems: 1,
  'x-error-code': 'EndPoint.2048',
});
const Effect = Type.Enum(['Allow', 'Deny'], { 'x-error-code': 'EndPoint.2048' });

// The documents spell the fields Effect, Action, Resource; the Go SDK sends effect, action, resource.
// Both are accepted here, and operations check that each statement has all three.
const PolicyStatementIn = Type.Object(
  {
    Effect: Type.Optional(Effect),
    Action: Type.Optional(PolicyWords),
    Resource: Type.Optional(PolicyWords),
    effect: Type.Optional(Effect),
    action: Type.Optional(PolicyWords),
    resource: Type.Optional(PolicyWords),
  },
  { 'x-error-code': 'EndPoint.2048', description: 'Effect, Action and Resource, in either spelling' },
);

export const PolicyStatement = Type.Object({
  Effect: Type.String(),
  Action: Type.Array(Type.String()),
  Resource: Type.Array(Type.String()),
});

export const CreateEndpointBody = Type.Object({
  endpoint_service_id: Uuid({
    'x-error-code': { required: 'EndPoint.2029', '*': 'EndPoint.3062' },
    description: 'The service to connect to (see describe and the public list)',
  }),
  vpc_id: VpcId,
  subnet_id: Type.Optional(
    Uuid({
      'x-error-code': { minLength: 'EndPoint.2010', '*': 'EndPoint.0023' },
      minLength: 1,
      description: 'Required for interface services',
    }),
  ),
  port_ip: Type.Optional(PortIp),
  enable_dns: Type.Optional(Type.Boolean({ default: false, 'x-error-code': 'EndPoint.2033' })),
  whitelist: Type.Optional(Whitelist),
  enable_whitelist: Type.Optional(Type.Boolean({ default: false })),
  routetables: Type.Optional(
    Type.Array(Uuid({ 'x-error-code': 'EndPoint.1019' }), {
      'x-error-code': 'EndPoint.1019',
      description: "Gateway endpoints; default: the VPC's default route table",
    }),
  ),
  policy_statement: Type.Optional(
    Type.Array(PolicyStatementIn, {
      maxItems: MAX_POLICY_STATEMENTS,
      'x-error-code': 'EndPoint.2048',
      description: 'Gateway endpoints; default: full access to OBS',
    }),
  ),
  specification_name: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 64,
      pattern: '^[A-Za-z0-9_.-]*$',
      'x-rule': 'letters, digits, underscores, dots or hyphens',
      'x-error-code': 'EndPoint.0015',
      default: 'default',
    }),
  ),
  tags: Type.Optional(Tags({ default: [] })),
  description: Type.Optional(Description({ default: '' })),
});

export const Endpoint = Type.Object({
  id: Type.String(),
  service_type: Type.String(),
  status: Type.Enum(ENDPOINT_STATUSES),
  active_status: Type.Array(Type.String()),
  endpoint_service_name: Type.String({ description: 'Full name of the connected service' }),
  endpoint_service_id: Type.String(),
  marker_id: Type.Integer({ description: 'Packet ID, unique per endpoint' }),
  enable_dns: Type.Boolean(),
  dns_names: Type.Array(Type.String(), { description: 'One name for interface endpoints with enable_dns' }),
  ip: Type.Optional(
    Type.String({ description: 'Interface endpoints that are accepted, or rejected after acceptance' }),
  ),
  vpc_id: Type.String(),
  subnet_id: Type.Optional(Type.String()),
  created_at: Type.String({ description: 'UTC, YYYY-MM-DDTHH:MM:SSZ' }),
  updated_at: Type.String(),
  project_id: Type.String(),
  tags: Type.Array(TagOut),
  whitelist: Type.Optional(Type.Array(Type.String(), { description: 'Interface endpoints' })),
  enable_whitelist: Type.Optional(Type.Boolean({ description: 'Interface endpoints' })),
  routetables: Type.Optional(Type.Array(Type.String(), { description: 'Gateway endpoints' })),
  policy_statement: Type.Optional(Type.Array(PolicyStatement, { description: 'Gateway endpoints' })),
  specification_name: Type.String(),
  enable_status: Type.String(),
  endpoint_pool_id: Type.String(),
  description: Type.String(),
  error: Type.Optional(Type.Array(ResourceError, { description: 'Only while status is failed' })),
});

export const EndpointList = Type.Object({
  endpoints: Type.Array(Endpoint),
  total_count: Type.Integer(),
});

export const ListEndpointsQuery = Type.Object({
  endpoint_service_name: Type.Optional(
    Type.String({ description: 'Case-insensitive substring of the full service name' }),
  ),
  vpc_id: Type.Optional(Type.String()),
  id: Type.Optional(Type.String()),
  ...pagingQuery(1000),
});

export const EndpointParams = Type.Object({
  project_id: ProjectId,
  vpc_endpoint_id: Type.String(),
});

export type CreateEndpointInput = Static<typeof CreateEndpointBody>;
export type CreateEndpointRequest = WithDefaults<
  CreateEndpointInput,
  'enable_dns' | 'whitelist' | 'enable_whitelist' | 'specification_name' | 'tags' | 'description'
>;
export type PolicyStatementInput = Static<typeof PolicyStatementIn>;
export type PolicyStatementView = Static<typeof PolicyStatement>;
export type EndpointView = Static<typeof Endpoint>;
export type ListEndpointsInput = Static<typeof ListEndpointsQuery>;

const TAG = ['Endpoints'];

export const routeSchemas = {
  create: {
    tags: TAG,
    operationId: 'CreateEndpoint',
    summary: 'Create an endpoint (asynchronous: creating, then accepted or pendingAcceptance)',
    description:
      'Creates an endpoint in a VPC that connects to an endpoint service (its own, a whitelisted one of another account, or a public one). It answers 200 with status creating; after VPCEP_DELAY it is accepted, or pendingAcceptance when the service requires approval. 400 EndPoint.2012 when the account is not whitelisted, 404 EndPoint.0005 for an unknown service, 400 EndPoint.0002 naming the field for invalid input.',
    params: ProjectParams,
    body: withExample(CreateEndpointBody, {
      subnet_id: '61881173-3899-4981-a700-170253d469b6',
      endpoint_service_id: '2da0fe8f-5cb7-4d93-bb35-dc05334da1be',
      vpc_id: 'd7b2bf07-1b4c-43fa-bd88-d80c6ebea140',
      tags: [{ key: 'test2', value: 'test2' }],
    }),
    response: { 200: Endpoint, ...errorResponses(400) },
  },
  list: {
    tags: TAG,
    operationId: 'ListEndpoints',
    summary: 'List the endpoints of the project',
    description:
      'The endpoints of the project, filterable by service name, VPC and id, sortable and paged.',
    params: ProjectParams,
    querystring: ListEndpointsQuery,
    response: { 200: EndpointList, ...errorResponses(400) },
  },
  get: {
    tags: TAG,
    operationId: 'ListEndpointInfoDetails',
    summary: 'Query details of an endpoint',
    description:
      'One endpoint of the project, with its status, address (ip, once accepted), DNS names and marker id. 404 EndPoint.0005 for an unknown id or one of another project.',
    params: EndpointParams,
    response: { 200: Endpoint, ...errorResponses(400, 404) },
  },
  remove: {
    tags: TAG,
    operationId: 'DeleteEndpoint',
    summary: 'Delete an endpoint (asynchronous: deleting, then gone)',
    description:
      'Deletes an endpoint in any status: it answers 204, the endpoint is deleting for VPCEP_DELAY and then gone (404). Its address is freed then.',
    params: EndpointParams,
    response: { 204: Type.Null({ description: 'No body' }), ...errorResponses(400, 404) },
  },
};

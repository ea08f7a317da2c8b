// VPC endpoint requests and responses (vpcep-api.md §3.4, §3.5, §4.13-4.16).
// These schemas validate requests, type the handlers and generate the OpenAPI document.
import { Type, type Static } from 'typebox';
import {
  Description,
  IPV4,
  MAX_BATCH,
  ProjectId,
  ResourceError,
  Uuid,
  errorResponses,
  pagingQuery,
  type WithDefaults,
  withExample,
} from '../common/schemas.js';
import { ProjectParams, VpcId } from '../endpoint-services/schemas.js';
import { ShortTag, Tags, TagOut } from '../tags/schemas.js';

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
    maxItems: MAX_BATCH,
    default: [],
    'x-error-code': { maxItems: 'EndPoint.0016', '*': 'EndPoint.2044' },
    description:
      'Interface endpoints: client addresses or CIDR blocks, at most VPCEP_MAX_ENDPOINT_WHITELIST ' +
      `(EndPoint.2045) and ${MAX_BATCH} in one request (EndPoint.0016)`,
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

const RouteTables = Type.Array(Uuid({ 'x-error-code': 'EndPoint.1019' }), {
  'x-error-code': 'EndPoint.1019',
  description: "Gateway endpoints; default: the VPC's default route table",
});

const PolicyStatements = Type.Array(PolicyStatementIn, {
  maxItems: MAX_POLICY_STATEMENTS,
  'x-error-code': 'EndPoint.2048',
  description: 'Gateway endpoints; default: full access to OBS',
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
  routetables: Type.Optional(RouteTables),
  policy_statement: Type.Optional(PolicyStatements),
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
  tags: Type.Optional(Tags({ default: [] }, ShortTag)),
  description: Type.Optional(Description({ default: '' })),
});

/** H1 (Huawei Cloud): both fields are replaced; an absent one takes its documented default. */
export const UpdateWhitelistBody = Type.Object({
  whitelist: Type.Optional(Whitelist),
  enable_whitelist: Type.Optional(Type.Boolean({ default: false })),
});

/** H2 (Huawei Cloud): the gateway endpoint's route tables, replaced. */
export const UpdateRouteTablesBody = Type.Object({
  routetables: Type.Array(Uuid({ 'x-error-code': 'EndPoint.1019' }), {
    minItems: 1,
    maxItems: MAX_BATCH,
    'x-error-code': { minItems: 'EndPoint.2040', maxItems: 'EndPoint.0016', '*': 'EndPoint.1019' },
    description: 'At least one; a table another endpoint of the same service uses is not bound (bind_failed)',
  }),
});

const RouteTableFailure = Type.Object({ id: Type.String(), error_message: Type.String() });

export const RouteTablesResult = Type.Object({
  routetables: Type.Array(Type.String(), { description: 'The route tables the endpoint has now' }),
  error: Type.Optional(
    Type.Array(
      Type.Object({ bind_failed: Type.Array(RouteTableFailure), unbind_failed: Type.Array(RouteTableFailure) }),
      { description: 'Only when a route table could not be bound' },
    ),
  ),
});

/** H3 (Huawei Cloud): the gateway endpoint's policy, replaced. */
export const UpdatePolicyBody = Type.Object({
  policy_statement: { ...PolicyStatements, 'x-error-code': { required: 'EndPoint.2048', '*': 'EndPoint.2048' } },
});

/** v2 (Huawei Cloud): the endpoint becomes a professional one. */
export const UpgradeEndpointBody = Type.Object({
  action: Type.Enum(['start'], { 'x-error-code': { required: 'EndPoint.0007', '*': 'EndPoint.0007' } }),
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
  dns_names: Type.Optional(
    Type.Array(Type.String(), { description: 'Interface endpoints with enable_dns only: one name' }),
  ),
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

/** The create answer has no dns_names (removed from it on 2025-06-25). */
export const CreatedEndpoint = Type.Omit(Endpoint, ['dns_names']);

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
  public_border_group: Type.Optional(
    Type.String({ description: 'Every endpoint is in center; another value matches none' }),
  ),
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
export type UpdateWhitelistInput = WithDefaults<Static<typeof UpdateWhitelistBody>, 'whitelist' | 'enable_whitelist'>;
export type UpdateRouteTablesInput = Static<typeof UpdateRouteTablesBody>;
export type UpdatePolicyInput = Static<typeof UpdatePolicyBody>;
export type UpgradeEndpointInput = Static<typeof UpgradeEndpointBody>;
export type RouteTablesView = Static<typeof RouteTablesResult>;
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
      'Creates an endpoint in a VPC that connects to an endpoint service (its own, a whitelisted one of another account, or a public one). It answers 200 with status creating; after VPCEP_DELAY it is accepted, or pendingAcceptance when the service requires approval. 400 EndPoint.2012 when the account is not whitelisted, 400 EndPoint.2003 for an unknown service, 400 EndPoint.0002 naming the field for invalid input.',
    params: ProjectParams,
    body: withExample(CreateEndpointBody, {
      subnet_id: '61881173-3899-4981-a700-170253d469b6',
      endpoint_service_id: '2da0fe8f-5cb7-4d93-bb35-dc05334da1be',
      vpc_id: 'd7b2bf07-1b4c-43fa-bd88-d80c6ebea140',
      tags: [{ key: 'test2', value: 'test2' }],
    }),
    response: { 200: CreatedEndpoint, ...errorResponses(400) },
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
  updateWhitelist: {
    tags: TAG,
    operationId: 'UpdateEndpointWhite',
    summary: "Replace an interface endpoint's IP whitelist and enable_whitelist (Huawei Cloud)",
    description:
      'Replaces the IP whitelist (IPv4 addresses or CIDR blocks) and enable_whitelist of an interface endpoint of this project; absent, they become [] and false. Answers the endpoint. 400 EndPoint.2044 for an invalid entry, EndPoint.2045 beyond VPCEP_MAX_ENDPOINT_WHITELIST, EndPoint.2047 for a failed endpoint.',
    params: EndpointParams,
    body: withExample(UpdateWhitelistBody, { whitelist: ['127.0.0.1', '192.168.0.0/24'], enable_whitelist: true }),
    response: { 200: Endpoint, ...errorResponses(400, 404) },
  },
  updateRouteTables: {
    tags: TAG,
    operationId: 'UpdateEndpointRoutetable',
    summary: "Replace a gateway endpoint's route tables (Huawei Cloud)",
    description:
      'Replaces the route tables of a gateway endpoint of this project. A table another endpoint of the same service uses is not bound and is listed in bind_failed; when none can be bound the answer is 400 EndPoint.2039 and nothing changes.',
    params: EndpointParams,
    body: withExample(UpdateRouteTablesBody, { routetables: ['0a7b9c16-1234-4a5b-8c6d-7e8f9a0b1c2d'] }),
    response: { 200: RouteTablesResult, ...errorResponses(400, 404) },
  },
  updatePolicy: {
    tags: TAG,
    operationId: 'UpdateEndpointPolicy',
    summary: "Replace a gateway endpoint's policy_statement (Huawei Cloud)",
    description:
      'Replaces the OBS policy (policy_statement: Effect, Action, Resource) of a gateway endpoint of this project. Answers the endpoint. 400 EndPoint.2048 for an invalid policy.',
    params: EndpointParams,
    body: withExample(UpdatePolicyBody, {
      policy_statement: [{ Effect: 'Allow', Action: ['obs:*:*'], Resource: ['obs:*:*:*:*/*', 'obs:*:*:*:*'] }],
    }),
    response: { 200: Endpoint, ...errorResponses(400, 404) },
  },
  removePolicy: {
    tags: TAG,
    operationId: 'DeleteEndpointPolicy',
    summary: "Remove a gateway endpoint's policy: policy_statement becomes [] (Huawei Cloud)",
    description:
      'Removes the policy of a gateway endpoint of this project: its policy_statement becomes []. Answers the endpoint. 400 EndPoint.2049 for an interface endpoint.',
    params: EndpointParams,
    response: { 200: Endpoint, ...errorResponses(400, 404) },
  },
  upgrade: {
    tags: TAG,
    operationId: 'UpgradeEndpoint',
    summary: 'v2 (Huawei Cloud): make the endpoint a professional one (its service must support them)',
    description:
      "Under /v2: makes the endpoint's specification_name profession, when its service's supported_editions has profession (else 400 EndPoint.2009). Answers 202 without a body.",
    params: EndpointParams,
    body: withExample(UpgradeEndpointBody, { action: 'start' }),
    response: { 202: Type.Null({ description: 'No body' }), ...errorResponses(400, 404) },
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

// The owner's view of the endpoints connected to its service (vpcep-api.md §3.6, §4.7, §4.8).
import { Type, type Static } from 'typebox';
import { Description, MAX_BATCH, ResourceError, errorResponses, pagingQuery, withExample } from '../common/schemas.js';
import { ServiceParams } from '../endpoint-services/schemas.js';
import { ENDPOINT_STATUSES } from '../endpoints/schemas.js';

export const Connection = Type.Object({
  id: Type.String({ description: 'Endpoint ID' }),
  marker_id: Type.Integer(),
  status: Type.Enum(ENDPOINT_STATUSES),
  domain_id: Type.String({ description: "The endpoint owner's account" }),
  created_at: Type.String(),
  updated_at: Type.String(),
  description: Type.String({ description: "The owner's description of the connection (Huawei Cloud); default empty" }),
  error: Type.Optional(Type.Array(ResourceError, { description: 'Only while status is failed' })),
});

export const ConnectionList = Type.Object({
  connections: Type.Array(Connection),
  total_count: Type.Integer(),
});

export const ConnectionActionResult = Type.Object({ connections: Type.Array(Connection) });

export const ListConnectionsQuery = Type.Object({
  id: Type.Optional(Type.String({ description: 'Endpoint ID' })),
  marker_id: Type.Optional(Type.Integer({ 'x-error-code': 'EndPoint.0021' })),
  status: Type.Optional(Type.Enum(ENDPOINT_STATUSES, { 'x-error-code': 'EndPoint.0019' })),
  ...pagingQuery(1000),
});

export const ConnectionActionBody = Type.Object({
  action: Type.Enum(['receive', 'reject'], {
    'x-error-code': { required: 'EndPoint.2027', '*': 'EndPoint.2027' },
    description: 'receive accepts the endpoint, reject rejects it',
  }),
  endpoints: Type.Array(Type.String(), {
    minItems: 1,
    maxItems: 1,
    'x-error-code': { maxItems: 'EndPoint.2031', '*': 'EndPoint.2002' },
    description: 'Exactly one endpoint ID',
  }),
});

/** H5 (Huawei Cloud): the owner describes connections. */
export const DescribeConnectionsBody = Type.Object({
  connections: Type.Array(
    Type.Object({
      id: Type.String({ minLength: 1, description: 'Endpoint ID' }),
      description: Description(),
    }),
    {
      minItems: 1,
      maxItems: MAX_BATCH,
      'x-error-code': { maxItems: 'EndPoint.0016', minItems: 'EndPoint.2002' },
      description: 'Each endpoint once; it must have reached the service',
    },
  ),
});

export type ConnectionView = Static<typeof Connection>;
export type DescribeConnectionsInput = Static<typeof DescribeConnectionsBody>;
export type ListConnectionsInput = Static<typeof ListConnectionsQuery>;
export type ConnectionActionInput = Static<typeof ConnectionActionBody>;

const TAG = ['Connections'];

export const routeSchemas = {
  list: {
    tags: TAG,
    operationId: 'ListServiceConnections',
    summary: 'List the endpoints connected to a service (those still creating are not shown yet)',
    description:
      'The endpoints of any account connected to a service of this project, with their status (pendingAcceptance, accepted, rejected, ...), marker id and domain id; filterable by id and marker_id, sortable, paged.',
    params: ServiceParams,
    querystring: ListConnectionsQuery,
    response: { 200: ConnectionList, ...errorResponses(400, 404) },
  },
  action: {
    tags: TAG,
    operationId: 'AcceptOrRejectEndpoint',
    summary: 'Accept (receive) or reject an endpoint connected to a service; takes effect at once',
    description:
      'Accepts (receive) or rejects one endpoint connected to a service of this project; the endpoint shows the new status at once. 400 EndPoint.2031 for more than one endpoint, EndPoint.2019/2018 for an endpoint still creating or deleting, EndPoint.3045 while the service is being deleted.',
    params: ServiceParams,
    body: withExample(ConnectionActionBody, {
      endpoints: ['705290f3-0d00-41f2-aedc-71f09844e879'],
      action: 'receive',
    }),
    response: { 200: ConnectionActionResult, ...errorResponses(400, 404) },
  },
  describe: {
    tags: TAG,
    operationId: 'UpdateEndpointConnectionsDesc',
    summary: 'Set the descriptions of connections to a service (Huawei Cloud)',
    description:
      'Sets the description of each connection (an endpoint that reached the service) of a service of this project; every view of the connection then shows it. Answers the connections. 400 EndPoint.2013 for an endpoint of another service, EndPoint.0002 for a description with < or >.',
    params: ServiceParams,
    body: withExample(DescribeConnectionsBody, {
      connections: [{ id: '705290f3-0d00-41f2-aedc-71f09844e879', description: 'test' }],
    }),
    response: { 200: ConnectionActionResult, ...errorResponses(400, 404) },
  },
};

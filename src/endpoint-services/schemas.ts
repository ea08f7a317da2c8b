// Endpoint service requests and responses (vpcep-api.md §3.1, §3.3, §4.2-4.6; the newest create page).
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
import { Tags, TagOut } from '../tags/schemas.js';

export const MAX_PORT_MAPPINGS = 200;

export const SERVICE_STATUSES = ['creating', 'available', 'failed', 'deleting'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

const PortNumber = (errorCode: string) =>
  Type.Integer({
    minimum: 1,
    maximum: 65535,
    'x-error-code': { required: 'EndPoint.2028', '*': errorCode },
  });

const PortMapping = Type.Object({
  client_port: PortNumber('EndPoint.0002'),
  server_port: PortNumber('EndPoint.3043'),
  protocol: Type.Optional(Type.Enum(['TCP'], { default: 'TCP', 'x-error-code': 'EndPoint.3075' })),
});

const PortMappings = Type.Array(PortMapping, {
  minItems: 1,
  maxItems: MAX_PORT_MAPPINGS,
  'x-error-code': { maxItems: 'EndPoint.3074' },
  description:
    'No two mappings share client_port or server_port for a protocol; among all services with the same ' +
    'port_id a (server_port, protocol) pair appears once',
});

const ShortName = Type.String({
  maxLength: 16,
  pattern: '^[A-Za-z0-9_-]*$',
  'x-rule': 'at most 16 letters, digits, underscores or hyphens',
  'x-error-code': 'EndPoint.3076',
});

const PortId = Uuid({ 'x-error-code': 'EndPoint.3063', description: 'Backend port (NIC) ID' });
const TcpProxy = (options: { default?: string } = {}) =>
  Type.Enum(['close', 'toa_open', 'proxy_open', 'open', 'proxy_vni'], options);

// The Huawei SDK's "server IPv4 address or domain name" of a service; OTC's error table has its codes.
const ServerIp = Type.String({
  maxLength: 255,
  pattern: `^(${IPV4}|(?=.*[A-Za-z])[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*)$`,
  'x-rule': 'an IPv4 address or a domain name',
  'x-error-code': 'EndPoint.3010',
  description: 'Server IPv4 address or domain name; shown when given',
});

/** The VPC of a service's backend or of an endpoint. */
export const VpcId = Uuid({ 'x-error-code': { required: 'EndPoint.2011', '*': 'EndPoint.0020' } });

export const CreateServiceBody = Type.Object({
  port_id: PortId,
  vpc_id: VpcId,
  server_type: Type.Enum(['LB', 'VM', 'VIP', 'BMS'], { 'x-error-code': 'EndPoint.3021' }),
  ports: PortMappings,
  pool_id: Type.Optional(Type.String({ maxLength: 64 })),
  service_name: Type.Optional(ShortName),
  approval_enabled: Type.Optional(Type.Boolean({ default: true })),
  service_type: Type.Optional(Type.Enum(['interface', 'gateway'], { default: 'interface' })),
  tcp_proxy: Type.Optional(TcpProxy({ default: 'close' })),
  ip_version: Type.Optional(Type.Enum(['ipv4', 'ipv6'], { default: 'ipv4' })),
  enable_policy: Type.Optional(Type.Boolean({ default: false })),
  payer: Type.Optional(Type.Enum(['endpoint', 'endpoint_service'], { default: 'endpoint' })),
  enterprise_project_id: Type.Optional(
    Type.String({
      pattern: '^(0|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$',
      'x-rule': '0 or a UUID',
      default: '0',
    }),
  ),
  supported_editions: Type.Optional(
    Type.Array(Type.Enum(['profession', 'basic']), { default: ['basic'] }),
  ),
  ip: Type.Optional(ServerIp),
  tags: Type.Optional(Tags({ default: [] })),
  description: Type.Optional(Description({ default: '' })),
});

export const UpdateServiceBody = Type.Object({
  approval_enabled: Type.Optional(Type.Boolean()),
  service_name: Type.Optional(ShortName),
  ports: Type.Optional(PortMappings),
  port_id: Type.Optional(PortId),
  tcp_proxy: Type.Optional(TcpProxy()),
  description: Type.Optional(Description()),
  ip: Type.Optional(ServerIp),
});

export const RenameServiceBody = Type.Object({
  endpoint_service_name: Type.Optional({ ...ShortName, description: 'The new short name; "" removes it' }),
});

export const RenamedService = Type.Object({
  endpoint_service_name: Type.String({ description: 'The full name: {region}.{name}.{id} or {region}.{id}' }),
});

export const UpgradeServiceBody = Type.Object({
  action: Type.Optional(
    Type.Enum(['upgrade', 'rollback'], {
      default: 'upgrade',
      'x-error-code': 'EndPoint.0007',
      description: 'upgrade: the service also supports professional endpoints; rollback: basic ones only',
    }),
  ),
  enable_multi_server: Type.Optional(Type.Boolean()),
});

export const ServerResource = Type.Object({
  resource_id: Uuid({ description: 'A backend load balancer' }),
  availability_zone_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});

export const AddServerResourcesBody = Type.Object({
  server_resources: Type.Array(ServerResource, {
    minItems: 1,
    maxItems: MAX_BATCH,
    'x-error-code': { maxItems: 'EndPoint.0016' },
    description: 'Backend load balancers added to an LB service; one already there is kept once',
  }),
});

const Port = Type.Object({
  client_port: Type.Integer(),
  server_port: Type.Integer(),
  protocol: Type.String(),
});

export const EndpointService = Type.Object(
  {
    id: Type.String(),
    port_id: Type.String(),
    vpc_id: Type.String(),
    pool_id: Type.String(),
    service_name: Type.String({ description: '{region}.{id} or {region}.{name}.{id}' }),
    service_type: Type.String(),
    server_type: Type.String(),
    approval_enabled: Type.Boolean(),
    status: Type.Enum(SERVICE_STATUSES),
    created_at: Type.String({ description: 'UTC, YYYY-MM-DDTHH:MM:SSZ' }),
    updated_at: Type.String(),
    project_id: Type.String(),
    domain_id: Type.String(),
    ports: Type.Array(Port),
    tcp_proxy: Type.String(),
    tags: Type.Array(TagOut),
    description: Type.String(),
    ip_version: Type.String(),
    ip: Type.Optional(Type.String({ description: 'The server address given on create or modify' })),
    cidr_type: Type.String({ description: 'Always internal' }),
    public_border_group: Type.String({ description: 'Always center: the region has no edge pools' }),
    enable_policy: Type.Boolean(),
    payer: Type.String(),
    enterprise_project_id: Type.String(),
    supported_editions: Type.Array(Type.String()),
    connection_count: Type.Integer(),
    error: Type.Optional(Type.Array(ResourceError, { description: 'Only while status is failed' })),
  },
);

export const ServiceList = Type.Object({
  endpoint_services: Type.Array(EndpointService),
  total_count: Type.Integer(),
});

export const ListServicesQuery = Type.Object({
  endpoint_service_name: Type.Optional(
    Type.String({ description: 'Case-insensitive substring of the full service name' }),
  ),
  id: Type.Optional(Type.String()),
  status: Type.Optional(Type.Enum(SERVICE_STATUSES, { 'x-error-code': 'EndPoint.0019' })),
  public_border_group: Type.Optional(
    Type.String({ description: 'Every service is in center; another value matches none' }),
  ),
  ...pagingQuery(1000),
});

export const ProjectParams = Type.Object({ project_id: ProjectId });
export const ServiceParams = Type.Object({
  project_id: ProjectId,
  vpc_endpoint_service_id: Type.String(),
});

export type CreateServiceInput = Static<typeof CreateServiceBody>;
export type CreateServiceRequest = WithDefaults<
  CreateServiceInput,
  | 'approval_enabled'
  | 'service_type'
  | 'tcp_proxy'
  | 'ip_version'
  | 'enable_policy'
  | 'payer'
  | 'enterprise_project_id'
  | 'supported_editions'
  | 'tags'
  | 'description'
>;
export type UpdateServiceInput = Static<typeof UpdateServiceBody>;
export type RenameServiceInput = Static<typeof RenameServiceBody>;
export type UpgradeServiceInput = WithDefaults<Static<typeof UpgradeServiceBody>, 'action'>;
export type AddServerResourcesInput = Static<typeof AddServerResourcesBody>;
export type ServerResourceView = Static<typeof ServerResource>;
export type EndpointServiceView = Static<typeof EndpointService>;
export type ListServicesInput = Static<typeof ListServicesQuery>;
export type PortMappingInput = Static<typeof PortMapping>;

const TAG = ['Endpoint services'];

export const routeSchemas = {
  create: {
    tags: TAG,
    operationId: 'CreateEndpointService',
    summary: 'Create an endpoint service (asynchronous: creating, then available)',
    description:
      'Creates an endpoint service in front of a load balancer (LB), a virtual machine (VM) or a virtual IP (VIP) in a VPC. It answers 200 with status creating; after VPCEP_DELAY (1-2 minutes by default) it is available. Its full name is {region}.{service_name}.{id}. 400 with the documented code naming the field for invalid input (EndPoint.3021 server_type, EndPoint.3043 server_port, ...), EndPoint.3044 for a port conflict, EndPoint.3059 over the quota.',
    params: ProjectParams,
    body: withExample(CreateServiceBody, {
      port_id: '4189d3c2-8882-4871-a3c2-d380272eed88',
      vpc_id: '4189d3c2-8882-4871-a3c2-d380272eed80',
      approval_enabled: false,
      service_type: 'interface',
      server_type: 'VM',
      ports: [
        { client_port: 8080, server_port: 90, protocol: 'TCP' },
        { client_port: 8081, server_port: 80, protocol: 'TCP' },
      ],
    }),
    response: { 200: EndpointService, ...errorResponses(400) },
  },
  list: {
    tags: TAG,
    operationId: 'ListEndpointService',
    summary: 'List the endpoint services of the project',
    description:
      'The endpoint services of the project, filterable by name (a substring of the full name), id and status, sortable by created_at or updated_at, paged with limit and offset.',
    params: ProjectParams,
    querystring: ListServicesQuery,
    response: { 200: ServiceList, ...errorResponses(400) },
  },
  get: {
    tags: TAG,
    operationId: 'ListServiceDetails',
    summary: 'Query details of an endpoint service',
    description:
      'One endpoint service of the project with its ports, status, connection count and tags. 404 EndPoint.0005 for an unknown id or one of another project.',
    params: ServiceParams,
    response: { 200: EndpointService, ...errorResponses(400, 404) },
  },
  update: {
    tags: TAG,
    operationId: 'UpdateEndpointService',
    summary: 'Modify an endpoint service (only while available)',
    description:
      'Changes the name, description, approval, ports, backend port_id or tcp_proxy of an available service; the answer shows the changes at once. 400 EndPoint.3045 while it is not available, EndPoint.3044 for a port conflict, 404 EndPoint.0005 for an unknown id.',
    params: ServiceParams,
    body: withExample(UpdateServiceBody, {
      approval_enabled: true,
      service_name: 'test',
      ports: [
        { client_port: 8081, server_port: 22, protocol: 'TCP' },
        { client_port: 8082, server_port: 23, protocol: 'TCP' },
      ],
    }),
    response: { 200: EndpointService, ...errorResponses(400, 404) },
  },
  rename: {
    tags: TAG,
    operationId: 'UpdateEndpointServiceName',
    summary: 'Rename an endpoint service (Huawei Cloud; only while available); answers the full name',
    description:
      'Gives a service of this project a new short name ("" removes it); the full name {region}.{name}.{id} follows at once, also in its endpoints. 400 EndPoint.3076 for an invalid name, EndPoint.3045 unless available.',
    params: ServiceParams,
    body: withExample(RenameServiceBody, { endpoint_service_name: 'test123' }),
    response: { 200: RenamedService, ...errorResponses(400, 404) },
  },
  upgrade: {
    tags: TAG,
    operationId: 'UpgradeEndpointService',
    summary: 'v2 (Huawei Cloud): let the service take professional endpoints too, or roll back; the body is optional',
    description:
      "Under /v2: upgrade sets the service's supported_editions to basic and profession; rollback back to basic. Answers 204. 400 EndPoint.3045 unless the service is available.",
    params: ServiceParams,
    body: withExample(UpgradeServiceBody, { action: 'upgrade' }),
    response: { 204: Type.Null({ description: 'No body' }), ...errorResponses(400, 404) },
  },
  addServerResources: {
    tags: TAG,
    operationId: 'AddEndpointServiceServerResource',
    summary: 'v2 (Huawei Cloud): add backend load balancers to an LB service',
    description:
      "Under /v2: adds backend load balancers to a service of this project whose server_type is LB (else 400 EndPoint.3021). They are kept in the state export; no view shows them. Answers 204.",
    params: ServiceParams,
    body: withExample(AddServerResourcesBody, {
      server_resources: [{ resource_id: '3a5b9c1d-2e3f-4a5b-9c6d-7e8f9a0b1c2d', availability_zone_id: 'eu-de-01' }],
    }),
    response: { 204: Type.Null({ description: 'No body' }), ...errorResponses(400, 404) },
  },
  remove: {
    tags: TAG,
    operationId: 'DeleteEndpointService',
    summary: 'Delete an endpoint service (asynchronous: deleting, then gone)',
    description:
      'Deletes a service: it answers 204, the service is deleting for VPCEP_DELAY and then gone (404). Deleting while creating cancels the creation. 400 EndPoint.3006 while an endpoint is connected (accepted or creating).',
    params: ServiceParams,
    response: { 204: Type.Null({ description: 'No body' }), ...errorResponses(400, 404) },
  },
};

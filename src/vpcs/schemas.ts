// VPC API v1 requests and responses: VPCs and subnets, in the shapes gophertelekomcloud (networking/v1) and
// the Terraform provider parse. These schemas validate requests, type the handlers and generate the OpenAPI
// document; CIDRs and addresses are checked against each other in operations.ts.
import { Type, type Static, type TSchema } from 'typebox';
import { IPV4, ProjectId, Uuid, withExample } from '../common/schemas.js';

export const VPC_STATUSES = ['CREATING', 'OK', 'ERROR'] as const;
export type VpcStatus = (typeof VPC_STATUSES)[number];
export const SUBNET_STATUSES = ['UNKNOWN', 'ACTIVE', 'ERROR'] as const;
export type SubnetStatus = (typeof SUBNET_STATUSES)[number];

const VpcError = Type.Object({ code: Type.String({ description: 'VPC.xxxx' }), message: Type.String() }, {
  description: 'The VPC API error format',
});

/** Response schemas for the errors a VPC route can answer with. */
export function vpcErrors(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries([400, 401, 500, ...statuses].map((status) => [status, VpcError]));
}

const Name = (options: { minLength?: number } = {}) =>
  Type.String({
    maxLength: 64,
    pattern: '^[A-Za-z0-9_.-]*$',
    'x-rule': 'at most 64 letters, digits, underscores, hyphens or periods',
    ...options,
  });

const Description = Type.String({
  maxLength: 255,
  pattern: '^[^<>]*$',
  'x-rule': 'at most 255 characters without < or >',
});

const Address = Type.String({ pattern: `^${IPV4}$`, 'x-rule': 'an IPv4 address' });
const CidrText = Type.String({ maxLength: 18, description: 'a.b.c.d/n; checked against the rules in operations' });

const Route = Type.Object({
  destination: Type.String({ pattern: `^${IPV4}/(3[0-2]|[12]?[0-9])$`, 'x-rule': 'a CIDR block' }),
  nexthop: Address,
});

const DhcpOption = Type.Object({
  opt_name: Type.Enum(['ntp', 'addresstime']),
  opt_value: Type.String({ maxLength: 1024 }),
});

// ---- VPCs ----

export const CreateVpcBody = Type.Object({
  vpc: Type.Object({
    name: Type.Optional(Name()),
    description: Type.Optional({ ...Description, default: '' }),
    cidr: Type.Optional({
      ...CidrText,
      description:
        'In 10.0.0.0/8-24, 172.16.0.0/12-24 or 192.168.0.0/16-24 (prefix length up to 24); blank: the VPC has none',
    }),
    enterprise_project_id: Type.Optional(
      Type.String({ pattern: '^(0|[0-9a-fA-F-]{36})$', 'x-rule': '0 or a UUID' }),
    ),
  }),
});

export const UpdateVpcBody = Type.Object({
  vpc: Type.Object({
    name: Type.Optional(Name()),
    description: Type.Optional(Description),
    cidr: Type.Optional({ ...CidrText, description: 'Must still hold every subnet of the VPC' }),
    routes: Type.Optional(Type.Array(Route, { maxItems: 200 })),
    enable_shared_snat: Type.Optional(Type.Boolean()),
  }),
});

const VpcView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  cidr: Type.String(),
  status: Type.Enum(VPC_STATUSES),
  routes: Type.Array(Type.Object({ destination: Type.String(), nexthop: Type.String() })),
  enable_shared_snat: Type.Boolean(),
  enterprise_project_id: Type.String({ description: 'Always 0' }),
  tenant_id: Type.String(),
  created_at: Type.String({ description: 'UTC, yyyy-MM-ddTHH:mm:ss' }),
  updated_at: Type.String(),
});

export const VpcAnswer = Type.Object({ vpc: VpcView });

// ---- Subnets ----

// Without defaults: an update leaves what it does not give as it is. Create adds its defaults.
const SubnetFields = {
  description: Type.Optional(Description),
  dhcp_enable: Type.Optional(Type.Boolean()),
  primary_dns: Type.Optional(Address),
  secondary_dns: Type.Optional(Address),
  dnsList: Type.Optional(Type.Array(Address, { maxItems: 5, description: 'At most 5 DNS servers' })),
  extra_dhcp_opts: Type.Optional(Type.Array(DhcpOption, { maxItems: 2 })),
  ipv6_enable: Type.Optional(Type.Boolean({ description: 'Only false: the emulator has no IPv6 subnets' })),
};

export const CreateSubnetBody = Type.Object({
  subnet: Type.Object({
    name: Name({ minLength: 1 }),
    cidr: { ...CidrText, description: 'Inside the VPC\'s CIDR, prefix length up to 28, overlapping no other subnet' },
    gateway_ip: { ...Address, description: 'An address inside cidr' },
    vpc_id: Uuid({ description: 'A VPC of the project' }),
    availability_zone: Type.Optional(Type.String({ maxLength: 64 })),
    ...SubnetFields,
    description: Type.Optional({ ...Description, default: '' }),
    dhcp_enable: Type.Optional(Type.Boolean({ default: true })),
  }),
});

export const UpdateSubnetBody = Type.Object({
  subnet: Type.Object({ name: Name({ minLength: 1 }), ...SubnetFields }),
});

const SubnetView = Type.Object({
  id: Type.String({ description: 'Also the Neutron network id' }),
  name: Type.String(),
  description: Type.String(),
  cidr: Type.String(),
  gateway_ip: Type.String(),
  dhcp_enable: Type.Boolean(),
  primary_dns: Type.String(),
  secondary_dns: Type.String(),
  dnsList: Type.Array(Type.String()),
  availability_zone: Type.String(),
  vpc_id: Type.String(),
  status: Type.Enum(SUBNET_STATUSES),
  neutron_network_id: Type.String(),
  neutron_subnet_id: Type.String(),
  extra_dhcp_opts: Type.Array(Type.Object({ opt_name: Type.String(), opt_value: Type.String() })),
  ipv6_enable: Type.Boolean(),
});

export const SubnetAnswer = Type.Object({ subnet: SubnetView });

// ---- Lists and paths ----

const ListQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000, description: 'Default: all' })),
  marker: Type.Optional(Type.String({ description: 'The id of the last item of the previous page' })),
};

export const ListVpcsQuery = Type.Object(ListQuery);
export const ListSubnetsQuery = Type.Object({
  ...ListQuery,
  vpc_id: Type.Optional(Type.String({ description: 'Only the subnets of this VPC' })),
});

export const ProjectParams = Type.Object({ project_id: ProjectId });
export const VpcParams = Type.Object({ project_id: ProjectId, vpc_id: Uuid({ description: 'VPC ID' }) });
export const SubnetParams = Type.Object({ project_id: ProjectId, subnet_id: Uuid({ description: 'Subnet ID' }) });
export const VpcSubnetParams = Type.Object({
  project_id: ProjectId,
  vpc_id: Uuid({ description: 'VPC ID' }),
  subnet_id: Uuid({ description: 'Subnet ID' }),
});

export type CreateVpcInput = Static<typeof CreateVpcBody>['vpc'] & { description: string };
export type UpdateVpcInput = Static<typeof UpdateVpcBody>['vpc'];
export type CreateSubnetInput = Static<typeof CreateSubnetBody>['subnet'] & { description: string; dhcp_enable: boolean };
export type UpdateSubnetInput = Static<typeof UpdateSubnetBody>['subnet'];
export type VpcViewType = Static<typeof VpcView>;
export type SubnetViewType = Static<typeof SubnetView>;
export type ListQueryInput = Static<typeof ListSubnetsQuery>;

const VPC_TAG = ['VPCs (VPC API v1)'];
const SUBNET_TAG = ['Subnets (VPC API v1)'];

export const vpcRouteSchemas = {
  create: {
    tags: VPC_TAG,
    operationId: 'CreateVpc',
    summary: 'Create a VPC (status CREATING, then OK)',
    description:
      'Creates a VPC. It answers 200 with status CREATING; after VPCEP_DELAY_NETWORK (1 s by default) it is OK. The cidr must lie in 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 with a prefix length up to 24 (400 VPC.0101); a name is used once per project (400 VPC.0115).',
    params: ProjectParams,
    body: withExample(CreateVpcBody, { vpc: { name: 'vpc', description: 'test', cidr: '192.168.0.0/16' } }),
    response: { 200: VpcAnswer, ...vpcErrors() },
  },
  list: {
    tags: VPC_TAG,
    operationId: 'ListVpcs',
    summary: 'List the VPCs of the project, oldest first',
    description: 'Lists the VPCs of the project in the order they were created, a page at a time with limit and marker.',
    params: ProjectParams,
    querystring: ListVpcsQuery,
    response: { 200: Type.Object({ vpcs: Type.Array(VpcView) }), ...vpcErrors() },
  },
  get: {
    tags: VPC_TAG,
    operationId: 'ShowVpc',
    summary: 'Query a VPC',
    description: "Shows a VPC of the project; another project's VPC or an unknown id is 404 VPC.0003.",
    params: VpcParams,
    response: { 200: VpcAnswer, ...vpcErrors(404) },
  },
  update: {
    tags: VPC_TAG,
    operationId: 'UpdateVpc',
    summary: 'Update a VPC: name, description, cidr, routes, enable_shared_snat',
    description:
      'Changes the fields given. A new cidr follows the create rules and must still hold every subnet of the VPC (400 VPC.0117).',
    params: VpcParams,
    body: withExample(UpdateVpcBody, { vpc: { name: 'vpc1', description: 'test1', cidr: '192.168.0.0/16' } }),
    response: { 200: VpcAnswer, ...vpcErrors(404) },
  },
  remove: {
    tags: VPC_TAG,
    operationId: 'DeleteVpc',
    summary: 'Delete a VPC (204); 409 VPC.0104 while it has subnets',
    description: 'Deletes the VPC at once. A VPC that still has subnets is not deleted: 409 VPC.0104.',
    params: VpcParams,
    response: { 204: Type.Null({ description: 'Deleted' }), ...vpcErrors(404, 409) },
  },
};

export const subnetRouteSchemas = {
  create: {
    tags: SUBNET_TAG,
    operationId: 'CreateSubnet',
    summary: 'Create a subnet in a VPC (status UNKNOWN, then ACTIVE)',
    description:
      "Creates a subnet, with its Neutron network (id) and Neutron subnet (neutron_subnet_id). It answers 200 with status UNKNOWN; after VPCEP_DELAY_NETWORK it is ACTIVE. The cidr must lie in the VPC's (400 VPC.0203), overlap no other subnet of the VPC (400 VPC.0204) and have a prefix length up to 28 (400 VPC.0212); gateway_ip must be a host address in it (400 VPC.0201).",
    params: ProjectParams,
    body: withExample(CreateSubnetBody, {
      subnet: {
        name: 'subnet',
        description: '',
        cidr: '192.168.20.0/24',
        gateway_ip: '192.168.20.1',
        dhcp_enable: true,
        primary_dns: '100.125.4.25',
        secondary_dns: '100.125.129.199',
        availability_zone: 'eu-de-01',
        vpc_id: '3ec3b33f-ac1c-4630-ad1c-7dba1ed79d85',
      },
    }),
    response: { 200: SubnetAnswer, ...vpcErrors(404) },
  },
  list: {
    tags: SUBNET_TAG,
    operationId: 'ListSubnets',
    summary: 'List the subnets of the project (or of one VPC), oldest first',
    description: 'Lists the subnets of the project, or of the VPC given as vpc_id, in the order they were created.',
    params: ProjectParams,
    querystring: ListSubnetsQuery,
    response: { 200: Type.Object({ subnets: Type.Array(SubnetView) }), ...vpcErrors() },
  },
  get: {
    tags: SUBNET_TAG,
    operationId: 'ShowSubnet',
    summary: 'Query a subnet',
    description: "Shows a subnet of the project by its id (the Neutron network id); another project's is 404 VPC.0202.",
    params: SubnetParams,
    response: { 200: SubnetAnswer, ...vpcErrors(404) },
  },
  update: {
    tags: SUBNET_TAG,
    operationId: 'UpdateSubnet',
    summary: 'Update a subnet: name (required), description, DHCP and DNS',
    description:
      'Changes the subnet; name is required. The answer is short: the id and status. A subnet of another VPC than the one in the path is 400 VPC.0207.',
    params: VpcSubnetParams,
    body: withExample(UpdateSubnetBody, { subnet: { name: 'subnet02', description: 'test', dhcp_enable: true } }),
    response: {
      200: Type.Object({ subnet: Type.Object({ id: Type.String(), status: Type.Enum(SUBNET_STATUSES) }) }),
      ...vpcErrors(404),
    },
  },
  remove: {
    tags: SUBNET_TAG,
    operationId: 'DeleteSubnet',
    summary: 'Delete a subnet (204); 500 VPC.0211 or VPC.0209 while a load balancer or an endpoint uses it',
    description:
      'Deletes the subnet at once. While a load balancer has its VIP in it the answer is 500 VPC.0211, while a VPC endpoint has an address in it 500 VPC.0209 (the documented codes; Terraform retries both).',
    params: VpcSubnetParams,
    response: { 204: Type.Null({ description: 'Deleted' }), ...vpcErrors(404) },
  },
};

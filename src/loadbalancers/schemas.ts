// Neutron's /v2.0 as the VPCEP clients use it: ELB v2 load balancers (lbaas), and reads of the ports,
// networks and subnets behind them, in the shapes gophertelekomcloud (networking/v2) and the Terraform
// provider parse. The load balancer's VIP port is the port_id of an LB endpoint service.
import { Type, type Static, type TSchema } from 'typebox';
import { IPV4, withExample } from '../common/schemas.js';

export const LOADBALANCER_STATUSES = ['PENDING_CREATE', 'ACTIVE', 'PENDING_DELETE', 'ERROR'] as const;
export type LoadBalancerStatus = (typeof LOADBALANCER_STATUSES)[number];

const NeutronErrorBody = Type.Object(
  {
    NeutronError: Type.Object({ type: Type.String(), message: Type.String(), detail: Type.String() }),
  },
  { description: "Neutron's error format" },
);

/** Response schemas for the errors a Neutron route can answer with. */
export function neutronErrors(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries([401, 500, ...statuses].map((status) => [status, NeutronErrorBody]));
}

const Text = Type.String({ maxLength: 255 });
const Address = Type.String({ pattern: `^${IPV4}$`, 'x-rule': 'an IPv4 address' });

export const CreateLoadBalancerBody = Type.Object({
  loadbalancer: Type.Object({
    vip_subnet_id: Type.String({ minLength: 1, description: "The Neutron subnet id: a v1 subnet's neutron_subnet_id" }),
    name: Type.Optional({ ...Text, default: '' }),
    description: Type.Optional({ ...Text, default: '' }),
    vip_address: Type.Optional({ ...Address, description: 'Default: a free address from the top of the pool' }),
    tenant_id: Type.Optional(Type.String({ description: "Only the token's project" })),
    project_id: Type.Optional(Type.String({ description: "Only the token's project" })),
    admin_state_up: Type.Optional(Type.Boolean({ description: 'Reserved: only true' })),
    provider: Type.Optional(Type.Enum(['vlb'], { description: 'Only vlb' })),
    flavor: Type.Optional(Type.String({ description: 'Accepted and ignored' })),
  }),
});

export const UpdateLoadBalancerBody = Type.Object({
  loadbalancer: Type.Object({
    name: Type.Optional(Text),
    description: Type.Optional(Text),
    admin_state_up: Type.Optional(Type.Boolean({ description: 'Reserved: only true' })),
  }),
});

const LoadBalancerView = Type.Object({
  id: Type.String(),
  tenant_id: Type.String(),
  project_id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  vip_subnet_id: Type.String(),
  vip_port_id: Type.String(),
  vip_address: Type.String(),
  provider: Type.String(),
  listeners: Type.Array(Type.Object({ id: Type.String() }), { description: 'Always empty: no listeners here' }),
  pools: Type.Array(Type.Object({ id: Type.String() }), { description: 'Always empty' }),
  operating_status: Type.String({ description: 'Always ONLINE, the one value OTC documents' }),
  provisioning_status: Type.Enum(LOADBALANCER_STATUSES),
  admin_state_up: Type.Boolean(),
  created_at: Type.String({ description: 'UTC, yyyy-MM-ddTHH:mm:ss' }),
  updated_at: Type.String(),
});

export const LoadBalancerAnswer = Type.Object({ loadbalancer: LoadBalancerView });

export const ListLoadBalancersQuery = Type.Object({
  id: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  vip_address: Type.Optional(Type.String()),
  vip_port_id: Type.Optional(Type.String()),
  vip_subnet_id: Type.Optional(Type.String()),
  provisioning_status: Type.Optional(Type.String()),
  operating_status: Type.Optional(Type.String()),
  provider: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000, description: 'Default: all' })),
  marker: Type.Optional(Type.String({ description: 'The id of the last load balancer of the previous page' })),
});

const PortView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  status: Type.String({ description: 'ACTIVE, or DOWN while its load balancer is not' }),
  admin_state_up: Type.Boolean(),
  fixed_ips: Type.Array(Type.Object({ subnet_id: Type.String(), ip_address: Type.String() })),
  mac_address: Type.String(),
  network_id: Type.String({ description: 'The v1 subnet id' }),
  tenant_id: Type.String(),
  project_id: Type.String(),
  device_id: Type.String({ description: 'The load balancer id' }),
  device_owner: Type.String({ description: 'neutron:LOADBALANCERV2' }),
  security_groups: Type.Array(Type.String()),
  extra_dhcp_opts: Type.Array(Type.Object({ opt_name: Type.String(), opt_value: Type.String() })),
  allowed_address_pairs: Type.Array(Type.Object({ ip_address: Type.String(), mac_address: Type.String() })),
  'binding:vnic_type': Type.String(),
  'binding:vif_details': Type.Object({}),
  'binding:profile': Type.Object({}),
  port_security_enabled: Type.Boolean(),
  dns_assignment: Type.Array(Type.Object({ hostname: Type.String(), ip_address: Type.String(), fqdn: Type.String() })),
  dns_name: Type.String(),
  created_at: Type.String(),
  updated_at: Type.String(),
});

const NetworkView = Type.Object({
  id: Type.String({ description: 'The v1 subnet id' }),
  name: Type.String({ description: 'The id of the VPC' }),
  status: Type.String(),
  shared: Type.Boolean(),
  admin_state_up: Type.Boolean(),
  subnets: Type.Array(Type.String(), { description: 'The Neutron subnet id' }),
  availability_zone_hints: Type.Array(Type.String()),
  availability_zones: Type.Array(Type.String()),
  tenant_id: Type.String(),
  project_id: Type.String(),
  'provider:network_type': Type.String(),
  'router:external': Type.Boolean(),
  port_security_enabled: Type.Boolean(),
  created_at: Type.String(),
  updated_at: Type.String(),
});

const NeutronSubnetView = Type.Object({
  id: Type.String({ description: 'The Neutron subnet id (neutron_subnet_id of the v1 subnet)' }),
  name: Type.String(),
  network_id: Type.String({ description: 'The v1 subnet id' }),
  tenant_id: Type.String(),
  project_id: Type.String(),
  cidr: Type.String(),
  ip_version: Type.Integer(),
  gateway_ip: Type.String(),
  enable_dhcp: Type.Boolean(),
  dns_nameservers: Type.Array(Type.String()),
  allocation_pools: Type.Array(Type.Object({ start: Type.String(), end: Type.String() })),
  host_routes: Type.Array(Type.Object({ destination: Type.String(), nexthop: Type.String() })),
  ipv6_address_mode: Type.Null(),
  ipv6_ra_mode: Type.Null(),
  subnetpool_id: Type.String(),
  created_at: Type.String(),
  updated_at: Type.String(),
});

const IdParams = (name: string, description: string) => Type.Object({ [name]: Type.String({ description }) });

export type CreateLoadBalancerInput = Static<typeof CreateLoadBalancerBody>['loadbalancer'] & {
  name: string;
  description: string;
};
export type UpdateLoadBalancerInput = Static<typeof UpdateLoadBalancerBody>['loadbalancer'];
export type ListLoadBalancersInput = Static<typeof ListLoadBalancersQuery>;
export type LoadBalancerViewType = Static<typeof LoadBalancerView>;
export type PortViewType = Static<typeof PortView>;
export type NetworkViewType = Static<typeof NetworkView>;
export type NeutronSubnetViewType = Static<typeof NeutronSubnetView>;

const LB_TAG = ['Load balancers (ELB v2, Neutron /v2.0)'];
const NEUTRON_TAG = ['Ports, networks and subnets (Neutron /v2.0)'];

export const loadBalancerRouteSchemas = {
  create: {
    tags: LB_TAG,
    operationId: 'CreateLoadBalancer',
    summary: 'Create a load balancer with its VIP port (PENDING_CREATE, then ACTIVE)',
    description:
      "Creates a load balancer in the token's project, with a VIP port in the subnet vip_subnet_id (a Neutron subnet id). It answers 201 with provisioning_status PENDING_CREATE; after VPCEP_DELAY_NETWORK (1 s by default) it is ACTIVE. vip_address defaults to a free address from the top of the subnet's pool; one outside the subnet is 400 InvalidIpForSubnet, one in use 409 IpAddressAlreadyAllocated.",
    body: withExample(CreateLoadBalancerBody, {
      loadbalancer: {
        name: 'loadbalancer1',
        description: 'simple lb',
        vip_subnet_id: '58077bdb-d470-424b-8c45-2e3c65060a5b',
        admin_state_up: true,
      },
    }),
    response: { 201: LoadBalancerAnswer, ...neutronErrors(400, 403, 404, 409) },
  },
  list: {
    tags: LB_TAG,
    operationId: 'ListLoadBalancers',
    summary: "List the token's project's load balancers, oldest first, with Neutron's filters",
    description:
      'Lists the load balancers of the project, filtered by any of id, name, description, vip_address, vip_port_id, vip_subnet_id, provisioning_status, operating_status and provider, a page at a time with limit and marker.',
    querystring: ListLoadBalancersQuery,
    response: { 200: Type.Object({ loadbalancers: Type.Array(LoadBalancerView) }), ...neutronErrors(400) },
  },
  get: {
    tags: LB_TAG,
    operationId: 'ShowLoadBalancer',
    summary: 'Query a load balancer',
    description: "Shows a load balancer of the token's project; any other id is 404 EntityNotFound.",
    params: IdParams('loadbalancer_id', 'Load balancer ID'),
    response: { 200: LoadBalancerAnswer, ...neutronErrors(404) },
  },
  update: {
    tags: LB_TAG,
    operationId: 'UpdateLoadBalancer',
    summary: 'Update a load balancer: name, description',
    description:
      'Changes name and description at once (admin_state_up is reserved: only true). A load balancer in a PENDING_ status is 409 StateInvalid, which Terraform retries.',
    params: IdParams('loadbalancer_id', 'Load balancer ID'),
    body: withExample(UpdateLoadBalancerBody, { loadbalancer: { name: 'lb-update', description: 'simple lb2' } }),
    response: { 200: LoadBalancerAnswer, ...neutronErrors(400, 404, 409) },
  },
  remove: {
    tags: LB_TAG,
    operationId: 'DeleteLoadBalancer',
    summary: 'Delete a load balancer (204, PENDING_DELETE, then gone with its VIP port)',
    description:
      'Answers 204 and moves the load balancer to PENDING_DELETE; after VPCEP_DELAY_NETWORK it is gone with its VIP port. While an endpoint service still uses the VIP port as its port_id, the load balancer stays PENDING_DELETE and goes once the last such service is gone. One still PENDING_CREATE is 409 StateInvalid.',
    params: IdParams('loadbalancer_id', 'Load balancer ID'),
    response: { 204: Type.Null({ description: 'Deletion started' }), ...neutronErrors(404, 409) },
  },
};

export const neutronReadSchemas = {
  port: {
    tags: NEUTRON_TAG,
    operationId: 'ShowPort',
    summary: "Query a port: a load balancer's VIP port",
    description:
      "Shows a port of the token's project. The ports here are the VIP ports of load balancers (device_owner neutron:LOADBALANCERV2, device_id the load balancer); any other id is 404 PortNotFound.",
    params: IdParams('port_id', 'Port ID'),
    response: { 200: Type.Object({ port: PortView }), ...neutronErrors(404) },
  },
  network: {
    tags: NEUTRON_TAG,
    operationId: 'ShowNetwork',
    summary: 'Query a network: the Neutron side of a v1 subnet (same id)',
    description:
      "Shows the Neutron network of a v1 subnet of the token's project: its id is the subnet's id, its one subnet the subnet's neutron_subnet_id. Any other id is 404 NetworkNotFound.",
    params: IdParams('network_id', 'Network ID (the v1 subnet id)'),
    response: { 200: Type.Object({ network: NetworkView }), ...neutronErrors(404) },
  },
  subnet: {
    tags: NEUTRON_TAG,
    operationId: 'ShowNeutronSubnet',
    summary: 'Query a Neutron subnet (neutron_subnet_id of a v1 subnet)',
    description:
      "Shows the Neutron subnet of a v1 subnet of the token's project, with its allocation pool (the addresses load balancers and endpoints get). Any other id is 404 SubnetNotFound.",
    params: IdParams('subnet_id', 'Neutron subnet ID'),
    response: { 200: Type.Object({ subnet: NeutronSubnetView }), ...neutronErrors(404) },
  },
};

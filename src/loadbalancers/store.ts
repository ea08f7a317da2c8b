// Load balancers and their VIP ports in SQLite (migrations/006), and the Neutron objects the API shows for
// them: the load balancer, its VIP port, and the network and subnet of a v1 subnet. A create and a state
// import insert the same columns.
import { stableHexId } from '../common/stable-id.js';
import type { Db } from '../db/database.js';
import { AddressRange } from '../network/addresses.js';
import { RecordStore, withoutSeq } from '../network/record-store.js';
import { formatZonelessTimestamp } from '../runtime/clock.js';
import type { SubnetRecord } from '../vpcs/store.js';
import type {
  ListLoadBalancersInput,
  LoadBalancerStatus,
  LoadBalancerViewType,
  NetworkViewType,
  NeutronSubnetViewType,
  PortViewType,
} from './schemas.js';

/** A row of loadbalancers as stored (admin_state_up as a boolean). */
export interface LoadBalancerRecord {
  id: string;
  project_id: string;
  /** The v1 subnet (Neutron network) of the VIP. */
  subnet_id: string;
  name: string;
  description: string;
  vip_port_id: string;
  vip_address: string;
  provider: string;
  admin_state_up: boolean;
  provisioning_status: LoadBalancerStatus;
  operating_status: string;
  created_at: number;
  updated_at: number;
  error_code: string | null;
  error_message: string | null;
}

/** A load balancer as the reads select it: with the Neutron id of its VIP subnet. */
export interface LoadBalancerRow extends LoadBalancerRecord {
  vip_subnet_id: string;
}

type StoredRow = Omit<LoadBalancerRow, 'admin_state_up'> & { admin_state_up: number; seq: number };

const COLUMNS = `id, project_id, subnet_id, name, description, vip_port_id, vip_address, provider, admin_state_up,
  provisioning_status, operating_status, created_at, updated_at, error_code, error_message`;
const SHAPE = {
  columns: 'l.*, s.neutron_subnet_id AS vip_subnet_id',
  from: 'loadbalancers l JOIN subnets s ON s.id = l.subnet_id',
  alias: 'l',
};
// Neutron's list filters, each one optional.
const FILTERS = ['id', 'name', 'description', 'vip_address', 'vip_port_id', 'provisioning_status', 'operating_status', 'provider'];
const FILTER_CONDITION = [
  ...FILTERS.map((field) => `(@${field} IS NULL OR l.${field} = @${field})`),
  '(@vip_subnet_id IS NULL OR s.neutron_subnet_id = @vip_subnet_id)',
].join(' AND ');

export function loadBalancerView(lb: LoadBalancerRow): LoadBalancerViewType {
  return {
    id: lb.id,
    tenant_id: lb.project_id,
    project_id: lb.project_id,
    name: lb.name,
    description: lb.description,
    vip_subnet_id: lb.vip_subnet_id,
    vip_port_id: lb.vip_port_id,
    vip_address: lb.vip_address,
    provider: lb.provider,
    listeners: [],
    pools: [],
    operating_status: lb.operating_status,
    provisioning_status: lb.provisioning_status,
    admin_state_up: lb.admin_state_up,
    created_at: formatZonelessTimestamp(lb.created_at),
    updated_at: formatZonelessTimestamp(lb.updated_at),
  };
}

/** The VIP port of a load balancer, as Neutron shows a port; its MAC address derives from its id. */
export function portView(lb: LoadBalancerRow): PortViewType {
  const mac = stableHexId('mac address', lb.vip_port_id).slice(0, 6).match(/../g)!.join(':');
  return {
    id: lb.vip_port_id,
    name: '',
    status: lb.provisioning_status === 'ACTIVE' ? 'ACTIVE' : 'DOWN',
    admin_state_up: true,
    fixed_ips: [{ subnet_id: lb.vip_subnet_id, ip_address: lb.vip_address }],
    mac_address: `fa:16:3e:${mac}`,
    network_id: lb.subnet_id,
    tenant_id: lb.project_id,
    project_id: lb.project_id,
    device_id: lb.id,
    device_owner: 'neutron:LOADBALANCERV2',
    security_groups: [],
    extra_dhcp_opts: [],
    allowed_address_pairs: [],
    'binding:vnic_type': 'normal',
    'binding:vif_details': {},
    'binding:profile': {},
    port_security_enabled: true,
    dns_assignment: [],
    dns_name: '',
    created_at: formatZonelessTimestamp(lb.created_at),
    updated_at: formatZonelessTimestamp(lb.updated_at),
  };
}

/** The Neutron network of a v1 subnet: the same id, named after its VPC. */
export function networkView(subnet: SubnetRecord): NetworkViewType {
  return {
    id: subnet.id,
    name: subnet.vpc_id,
    status: subnet.status === 'ACTIVE' ? 'ACTIVE' : 'BUILD',
    shared: false,
    admin_state_up: true,
    subnets: [subnet.neutron_subnet_id],
    availability_zone_hints: [],
    availability_zones: subnet.availability_zone === '' ? [] : [subnet.availability_zone],
    tenant_id: subnet.project_id,
    project_id: subnet.project_id,
    'provider:network_type': 'vxlan',
    'router:external': false,
    port_security_enabled: true,
    created_at: formatZonelessTimestamp(subnet.created_at),
    updated_at: formatZonelessTimestamp(subnet.updated_at),
  };
}

/** The Neutron subnet of a v1 subnet, with the allocation pool VIPs and endpoint addresses come from. */
export function neutronSubnetView(subnet: SubnetRecord): NeutronSubnetViewType {
  return {
    id: subnet.neutron_subnet_id,
    name: subnet.name,
    network_id: subnet.id,
    tenant_id: subnet.project_id,
    project_id: subnet.project_id,
    cidr: subnet.cidr,
    ip_version: 4,
    gateway_ip: subnet.gateway_ip,
    enable_dhcp: subnet.dhcp_enable,
    dns_nameservers: subnet.dns_list,
    allocation_pools: AddressRange.of(subnet).pools(),
    host_routes: [],
    ipv6_address_mode: null,
    ipv6_ra_mode: null,
    subnetpool_id: '',
    created_at: formatZonelessTimestamp(subnet.created_at),
    updated_at: formatZonelessTimestamp(subnet.updated_at),
  };
}

export class LoadBalancerStore extends RecordStore<LoadBalancerRow, StoredRow, LoadBalancerRecord> {
  private readonly selectByPort;
  private readonly updateRow;

  constructor(db: Db) {
    super(db, {
      table: 'loadbalancers',
      shape: SHAPE,
      columns: COLUMNS,
      statusColumn: 'provisioning_status',
      read: (row) => ({ ...withoutSeq(row), admin_state_up: row.admin_state_up === 1 }),
      stored: (lb) => ({ ...lb, admin_state_up: lb.admin_state_up ? 1 : 0 }),
      listCondition: FILTER_CONDITION,
    });
    this.selectByPort = db.prepare(`SELECT ${SHAPE.columns} FROM ${SHAPE.from} WHERE l.vip_port_id = ?`);
    this.updateRow = db.prepare(`
      UPDATE loadbalancers SET name = @name, description = @description, updated_at = @updated_at WHERE id = @id`);
  }

  /** The load balancer whose VIP port this is, whichever project it belongs to. */
  findByPort(portId: string): LoadBalancerRow | undefined {
    return this.readOne(this.selectByPort.get(portId));
  }

  /** A page of the project's load balancers matching the filters, oldest first; undefined for an unknown marker. */
  list(projectId: string, query: ListLoadBalancersInput): LoadBalancerRow[] | undefined {
    const { limit, marker, ...filters } = query;
    const params = Object.fromEntries([...FILTERS, 'vip_subnet_id'].map((f) => [f, (filters as Record<string, string>)[f] ?? null]));
    return this.listPage(projectId, { limit, marker }, params);
  }

  update(lb: LoadBalancerRecord): void {
    this.updateRow.run(lb);
  }
}

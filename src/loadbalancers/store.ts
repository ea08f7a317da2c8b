// Load balancers and their VIP ports in SQLite (migrations/006), and the Neutron objects the API shows for
// them: the load balancer, its VIP port, and the network and subnet of a v1 subnet. A create and a state
// import insert the same columns.
import { stableHexId } from '../common/stable-id.js';
import type { Db } from '../db/database.js';
import { markerPages, type MarkerPage } from '../db/list-statements.js';
import { named } from '../db/rows.js';
import { StatusColumn } from '../db/status.js';
import { AddressRange } from '../network/addresses.js';
import { formatZonelessTimestamp } from '../runtime/clock.js';
import { TagStore } from '../tags/store.js';
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

type StoredRow = Omit<LoadBalancerRow, 'admin_state_up'> & { admin_state_up: number };

const COLUMNS = `id, project_id, subnet_id, name, description, vip_port_id, vip_address, provider, admin_state_up,
  provisioning_status, operating_status, created_at, updated_at, error_code, error_message`;
const SHAPE = {
  columns: 'l.*, s.neutron_subnet_id AS vip_subnet_id',
  from: 'loadbalancers l JOIN subnets s ON s.id = l.subnet_id',
  alias: 'l',
};
const SELECT = `SELECT ${SHAPE.columns} FROM ${SHAPE.from}`;
// Neutron's list filters, each one optional.
const FILTERS = ['id', 'name', 'description', 'vip_address', 'vip_port_id', 'provisioning_status', 'operating_status', 'provider'];
const FILTER_CONDITION = [
  ...FILTERS.map((field) => `(@${field} IS NULL OR l.${field} = @${field})`),
  '(@vip_subnet_id IS NULL OR s.neutron_subnet_id = @vip_subnet_id)',
].join(' AND ');

const read = (row: StoredRow): LoadBalancerRow => ({ ...row, admin_state_up: row.admin_state_up === 1 });

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

export class LoadBalancerStore {
  readonly status: StatusColumn;
  private readonly tags: TagStore;
  private readonly insertRow;
  private readonly selectOne;
  private readonly selectAny;
  private readonly selectByPort;
  private readonly selectAll;
  private readonly page;
  private readonly updateRow;
  private readonly deleteRow;

  constructor(db: Db) {
    this.status = new StatusColumn(db, 'loadbalancers', 'provisioning_status', 'ERROR');
    this.tags = new TagStore(db);
    this.insertRow = db.prepare(`INSERT INTO loadbalancers (${COLUMNS}) VALUES (${named(COLUMNS)})`);
    this.selectOne = db.prepare(`${SELECT} WHERE l.id = ? AND l.project_id = ?`);
    this.selectAny = db.prepare(`${SELECT} WHERE l.id = ?`);
    this.selectByPort = db.prepare(`${SELECT} WHERE l.vip_port_id = ?`);
    this.selectAll = db.prepare(`${SELECT} ORDER BY l.seq`);
    this.page = markerPages<StoredRow>(db, SHAPE, FILTER_CONDITION);
    this.updateRow = db.prepare(`
      UPDATE loadbalancers SET name = @name, description = @description, updated_at = @updated_at WHERE id = @id`);
    this.deleteRow = db.prepare('DELETE FROM loadbalancers WHERE id = ? RETURNING project_id').pluck();
  }

  insert(lb: LoadBalancerRecord): void {
    this.insertRow.run({ ...lb, admin_state_up: lb.admin_state_up ? 1 : 0 });
  }

  /** The load balancer if it belongs to the project; another project's is not found. */
  find(projectId: string, id: string): LoadBalancerRow | undefined {
    const row = this.selectOne.get(id, projectId) as StoredRow | undefined;
    return row && read(row);
  }

  findById(id: string): LoadBalancerRow | undefined {
    const row = this.selectAny.get(id) as StoredRow | undefined;
    return row && read(row);
  }

  /** The load balancer whose VIP port this is, whichever project it belongs to. */
  findByPort(portId: string): LoadBalancerRow | undefined {
    const row = this.selectByPort.get(portId) as StoredRow | undefined;
    return row && read(row);
  }

  /** A page of the project's load balancers matching the filters, oldest first; undefined for an unknown marker. */
  list(projectId: string, query: ListLoadBalancersInput): LoadBalancerRow[] | undefined {
    const { limit, marker, ...filters } = query;
    const params = Object.fromEntries([...FILTERS, 'vip_subnet_id'].map((f) => [f, (filters as Record<string, string>)[f] ?? null]));
    return this.page(projectId, { limit, marker } satisfies MarkerPage, params)?.map(read);
  }

  all(): LoadBalancerRow[] {
    return (this.selectAll.all() as StoredRow[]).map(read);
  }

  update(lb: LoadBalancerRecord): void {
    this.updateRow.run(lb);
  }

  /** Deletes the load balancer with its VIP port and tags; answers its project, or undefined if it is gone. */
  remove(id: string): string | undefined {
    this.tags.removeFor(id);
    return this.deleteRow.get(id) as string | undefined;
  }
}

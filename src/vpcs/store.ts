// VPCs and subnets in SQLite (migrations/006): the statements a companion resource has (network/record-store.ts),
// their own queries, and the mapping from rows to the VPC API's objects. A create and a state import insert the
// same columns.
import type { Db } from '../db/database.js';
import type { MarkerPage } from '../db/list-statements.js';
import { RecordStore, withoutSeq } from '../network/record-store.js';
import { formatZonelessTimestamp } from '../runtime/clock.js';
import type { SubnetStatus, SubnetViewType, VpcStatus, VpcViewType } from './schemas.js';

export interface Route {
  destination: string;
  nexthop: string;
}

export interface DhcpOption {
  opt_name: string;
  opt_value: string;
}

/** A row of vpcs as stored, booleans and lists as the API has them. */
export interface VpcRecord {
  id: string;
  project_id: string;
  name: string;
  description: string;
  cidr: string;
  status: VpcStatus;
  enable_shared_snat: boolean;
  routes: Route[];
  created_at: number;
  updated_at: number;
  error_code: string | null;
  error_message: string | null;
}

/** A row of subnets as stored, booleans and lists as the API has them. */
export interface SubnetRecord {
  id: string;
  neutron_subnet_id: string;
  project_id: string;
  vpc_id: string;
  name: string;
  description: string;
  cidr: string;
  gateway_ip: string;
  dhcp_enable: boolean;
  primary_dns: string;
  secondary_dns: string;
  dns_list: string[];
  availability_zone: string;
  extra_dhcp_opts: DhcpOption[];
  status: SubnetStatus;
  created_at: number;
  updated_at: number;
  error_code: string | null;
  error_message: string | null;
}

type Stored<T> = { [K in keyof T]: T[K] extends boolean ? number : T[K] extends object[] | string[] ? string : T[K] } & {
  seq: number;
};

const VPC_COLUMNS = `id, project_id, name, description, cidr, status, enable_shared_snat, routes, created_at, updated_at,
  error_code, error_message`;
const SUBNET_COLUMNS = `id, neutron_subnet_id, project_id, vpc_id, name, description, cidr, gateway_ip, dhcp_enable,
  primary_dns, secondary_dns, dns_list, availability_zone, extra_dhcp_opts, status, created_at, updated_at,
  error_code, error_message`;

export function vpcView(vpc: VpcRecord): VpcViewType {
  return {
    id: vpc.id,
    name: vpc.name,
    description: vpc.description,
    cidr: vpc.cidr,
    status: vpc.status,
    routes: vpc.routes,
    enable_shared_snat: vpc.enable_shared_snat,
    enterprise_project_id: '0',
    tenant_id: vpc.project_id,
    created_at: formatZonelessTimestamp(vpc.created_at),
    updated_at: formatZonelessTimestamp(vpc.updated_at),
  };
}

export function subnetView(subnet: SubnetRecord): SubnetViewType {
  const { dns_list, neutron_subnet_id, project_id, created_at, updated_at, error_code, error_message, ...fields } = subnet;
  return { ...fields, dnsList: dns_list, neutron_network_id: subnet.id, neutron_subnet_id, ipv6_enable: false };
}

export class VpcStore extends RecordStore<VpcRecord, Stored<VpcRecord>> {
  private readonly selectNamed;
  private readonly updateRow;

  constructor(db: Db) {
    super(db, {
      table: 'vpcs',
      shape: { columns: 'v.*', from: 'vpcs v', alias: 'v' },
      columns: VPC_COLUMNS,
      statusColumn: 'status',
      read: (row) => ({ ...withoutSeq(row), enable_shared_snat: row.enable_shared_snat === 1, routes: JSON.parse(row.routes) }),
      stored: (vpc) => ({ ...vpc, enable_shared_snat: vpc.enable_shared_snat ? 1 : 0, routes: JSON.stringify(vpc.routes) }),
    });
    // name != '' lets SQLite use the partial unique index vpcs_name.
    this.selectNamed = db.prepare("SELECT * FROM vpcs WHERE project_id = ? AND name = ? AND name != ''");
    this.updateRow = db.prepare(`
      UPDATE vpcs SET name = @name, description = @description, cidr = @cidr, routes = @routes,
        enable_shared_snat = @enable_shared_snat, updated_at = @updated_at
      WHERE id = @id`);
  }

  findNamed(projectId: string, name: string): VpcRecord | undefined {
    return this.readOne(this.selectNamed.get(projectId, name));
  }

  /** A page of the project's VPCs, oldest first; undefined when the marker is not one of them. */
  list(projectId: string, page: MarkerPage): VpcRecord[] | undefined {
    return this.listPage(projectId, page);
  }

  /** Writes the record's changeable fields. */
  update(vpc: VpcRecord): void {
    this.updateRow.run({ ...vpc, enable_shared_snat: vpc.enable_shared_snat ? 1 : 0, routes: JSON.stringify(vpc.routes) });
  }
}

export class SubnetStore extends RecordStore<SubnetRecord, Stored<SubnetRecord>> {
  private readonly selectByNeutronId;
  private readonly selectOfVpc;
  private readonly selectCountOfVpc;
  private readonly updateRow;

  constructor(db: Db) {
    super(db, {
      table: 'subnets',
      shape: { columns: 's.*', from: 'subnets s', alias: 's' },
      columns: SUBNET_COLUMNS,
      statusColumn: 'status',
      read: (row) => ({
        ...withoutSeq(row),
        dhcp_enable: row.dhcp_enable === 1,
        dns_list: JSON.parse(row.dns_list),
        extra_dhcp_opts: JSON.parse(row.extra_dhcp_opts),
      }),
      stored: storedSubnet,
      listCondition: '@vpc_id IS NULL OR s.vpc_id = @vpc_id',
    });
    this.selectByNeutronId = db.prepare('SELECT * FROM subnets WHERE neutron_subnet_id = ? AND project_id = ?');
    this.selectOfVpc = db.prepare('SELECT * FROM subnets WHERE vpc_id = ?');
    this.selectCountOfVpc = db.prepare('SELECT COUNT(*) FROM subnets WHERE vpc_id = ?').pluck();
    this.updateRow = db.prepare(`
      UPDATE subnets SET name = @name, description = @description, dhcp_enable = @dhcp_enable,
        primary_dns = @primary_dns, secondary_dns = @secondary_dns, dns_list = @dns_list,
        extra_dhcp_opts = @extra_dhcp_opts, updated_at = @updated_at
      WHERE id = @id`);
  }

  /** The subnet of the project whose Neutron subnet this is. */
  findByNeutronId(projectId: string, neutronSubnetId: string): SubnetRecord | undefined {
    return this.readOne(this.selectByNeutronId.get(neutronSubnetId, projectId));
  }

  ofVpc(vpcId: string): SubnetRecord[] {
    return this.selectOfVpc.all(vpcId).map((row) => this.readOne(row)!);
  }

  countOfVpc(vpcId: string): number {
    return this.selectCountOfVpc.get(vpcId) as number;
  }

  /** A page of the project's subnets (or of one VPC's), oldest first; undefined for an unknown marker. */
  list(projectId: string, page: MarkerPage, vpcId?: string): SubnetRecord[] | undefined {
    return this.listPage(projectId, page, { vpc_id: vpcId ?? null });
  }

  update(subnet: SubnetRecord): void {
    this.updateRow.run(storedSubnet(subnet));
  }
}

function storedSubnet(subnet: SubnetRecord): Record<string, unknown> {
  return {
    ...subnet,
    dhcp_enable: subnet.dhcp_enable ? 1 : 0,
    dns_list: JSON.stringify(subnet.dns_list),
    extra_dhcp_opts: JSON.stringify(subnet.extra_dhcp_opts),
  };
}

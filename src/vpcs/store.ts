// VPCs and subnets in SQLite (migrations/006): one prepared statement per query shape, and the mapping
// from rows to the VPC API's objects. A create and a state import insert the same columns.
import type { Db } from '../db/database.js';
import { markerPages, type MarkerPage } from '../db/list-statements.js';
import { named } from '../db/rows.js';
import { StatusColumn } from '../db/status.js';
import { formatZonelessTimestamp } from '../runtime/clock.js';
import { TagStore } from '../tags/store.js';
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

type Stored<T> = { [K in keyof T]: T[K] extends boolean ? number : T[K] extends object[] | string[] ? string : T[K] };

const VPC_COLUMNS = `id, project_id, name, description, cidr, status, enable_shared_snat, routes, created_at, updated_at,
  error_code, error_message`;
const SUBNET_COLUMNS = `id, neutron_subnet_id, project_id, vpc_id, name, description, cidr, gateway_ip, dhcp_enable,
  primary_dns, secondary_dns, dns_list, availability_zone, extra_dhcp_opts, status, created_at, updated_at,
  error_code, error_message`;

function readVpc(row: Stored<VpcRecord>): VpcRecord {
  return { ...row, enable_shared_snat: row.enable_shared_snat === 1, routes: JSON.parse(row.routes) };
}

function readSubnet(row: Stored<SubnetRecord>): SubnetRecord {
  return {
    ...row,
    dhcp_enable: row.dhcp_enable === 1,
    dns_list: JSON.parse(row.dns_list),
    extra_dhcp_opts: JSON.parse(row.extra_dhcp_opts),
  };
}

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
  return {
    id: subnet.id,
    name: subnet.name,
    description: subnet.description,
    cidr: subnet.cidr,
    gateway_ip: subnet.gateway_ip,
    dhcp_enable: subnet.dhcp_enable,
    primary_dns: subnet.primary_dns,
    secondary_dns: subnet.secondary_dns,
    dnsList: subnet.dns_list,
    availability_zone: subnet.availability_zone,
    vpc_id: subnet.vpc_id,
    status: subnet.status,
    neutron_network_id: subnet.id,
    neutron_subnet_id: subnet.neutron_subnet_id,
    extra_dhcp_opts: subnet.extra_dhcp_opts,
    ipv6_enable: false,
  };
}

export class VpcStore {
  readonly status: StatusColumn;
  private readonly tags: TagStore;
  private readonly insertRow;
  private readonly selectOne;
  private readonly selectAny;
  private readonly selectNamed;
  private readonly selectAll;
  private readonly page;
  private readonly updateRow;
  private readonly deleteRow;

  constructor(db: Db) {
    this.status = new StatusColumn(db, 'vpcs', 'status', 'ERROR');
    this.tags = new TagStore(db);
    this.insertRow = db.prepare(`INSERT INTO vpcs (${VPC_COLUMNS}) VALUES (${named(VPC_COLUMNS)})`);
    this.selectOne = db.prepare('SELECT * FROM vpcs WHERE id = ? AND project_id = ?');
    this.selectAny = db.prepare('SELECT * FROM vpcs WHERE id = ?');
    this.selectNamed = db.prepare('SELECT * FROM vpcs WHERE project_id = ? AND name = ?');
    this.selectAll = db.prepare('SELECT * FROM vpcs ORDER BY seq');
    this.page = markerPages<Stored<VpcRecord>>(db, { columns: '*', from: 'vpcs v', alias: 'v' });
    this.updateRow = db.prepare(`
      UPDATE vpcs SET name = @name, description = @description, cidr = @cidr, routes = @routes,
        enable_shared_snat = @enable_shared_snat, updated_at = @updated_at
      WHERE id = @id`);
    this.deleteRow = db.prepare('DELETE FROM vpcs WHERE id = ? RETURNING project_id').pluck();
  }

  insert(vpc: VpcRecord): void {
    this.insertRow.run(storedVpc(vpc));
  }

  /** The VPC if it exists and belongs to the project; another project's VPC is not found. */
  find(projectId: string, id: string): VpcRecord | undefined {
    const row = this.selectOne.get(id, projectId) as Stored<VpcRecord> | undefined;
    return row && readVpc(row);
  }

  /** The VPC, whichever project it belongs to. */
  findById(id: string): VpcRecord | undefined {
    const row = this.selectAny.get(id) as Stored<VpcRecord> | undefined;
    return row && readVpc(row);
  }

  findNamed(projectId: string, name: string): VpcRecord | undefined {
    const row = this.selectNamed.get(projectId, name) as Stored<VpcRecord> | undefined;
    return row && readVpc(row);
  }

  /** A page of the project's VPCs, oldest first; undefined when the marker is not one of them. */
  list(projectId: string, page: MarkerPage): VpcRecord[] | undefined {
    return this.page(projectId, page)?.map(readVpc);
  }

  /** Every VPC of every project, oldest first. */
  all(): VpcRecord[] {
    return (this.selectAll.all() as Stored<VpcRecord>[]).map(readVpc);
  }

  /** Writes the record's changeable fields. */
  update(vpc: VpcRecord): void {
    this.updateRow.run(storedVpc(vpc));
  }

  /** Deletes the VPC and its tags; answers its project, or undefined if it is gone. */
  remove(id: string): string | undefined {
    this.tags.removeFor(id);
    return this.deleteRow.get(id) as string | undefined;
  }
}

export class SubnetStore {
  readonly status: StatusColumn;
  private readonly tags: TagStore;
  private readonly insertRow;
  private readonly selectOne;
  private readonly selectAny;
  private readonly selectByNeutronId;
  private readonly selectOfVpc;
  private readonly selectCountOfVpc;
  private readonly selectAll;
  private readonly page;
  private readonly updateRow;
  private readonly deleteRow;

  constructor(db: Db) {
    this.status = new StatusColumn(db, 'subnets', 'status', 'ERROR');
    this.tags = new TagStore(db);
    this.insertRow = db.prepare(`INSERT INTO subnets (${SUBNET_COLUMNS}) VALUES (${named(SUBNET_COLUMNS)})`);
    this.selectOne = db.prepare('SELECT * FROM subnets WHERE id = ? AND project_id = ?');
    this.selectAny = db.prepare('SELECT * FROM subnets WHERE id = ?');
    this.selectByNeutronId = db.prepare('SELECT * FROM subnets WHERE neutron_subnet_id = ? AND project_id = ?');
    this.selectOfVpc = db.prepare('SELECT * FROM subnets WHERE vpc_id = ?');
    this.selectCountOfVpc = db.prepare('SELECT COUNT(*) FROM subnets WHERE vpc_id = ?').pluck();
    this.selectAll = db.prepare('SELECT * FROM subnets ORDER BY seq');
    this.page = markerPages<Stored<SubnetRecord>>(
      db,
      { columns: '*', from: 'subnets s', alias: 's' },
      '@vpc_id IS NULL OR s.vpc_id = @vpc_id',
    );
    this.updateRow = db.prepare(`
      UPDATE subnets SET name = @name, description = @description, dhcp_enable = @dhcp_enable,
        primary_dns = @primary_dns, secondary_dns = @secondary_dns, dns_list = @dns_list,
        extra_dhcp_opts = @extra_dhcp_opts, updated_at = @updated_at
      WHERE id = @id`);
    this.deleteRow = db.prepare('DELETE FROM subnets WHERE id = ? RETURNING project_id').pluck();
  }

  insert(subnet: SubnetRecord): void {
    this.insertRow.run(storedSubnet(subnet));
  }

  /** The subnet (by its id, the Neutron network id) if it belongs to the project. */
  find(projectId: string, id: string): SubnetRecord | undefined {
    const row = this.selectOne.get(id, projectId) as Stored<SubnetRecord> | undefined;
    return row && readSubnet(row);
  }

  /** The subnet, whichever project it belongs to. */
  findById(id: string): SubnetRecord | undefined {
    const row = this.selectAny.get(id) as Stored<SubnetRecord> | undefined;
    return row && readSubnet(row);
  }

  /** The subnet of the project whose Neutron subnet this is. */
  findByNeutronId(projectId: string, neutronSubnetId: string): SubnetRecord | undefined {
    const row = this.selectByNeutronId.get(neutronSubnetId, projectId) as Stored<SubnetRecord> | undefined;
    return row && readSubnet(row);
  }

  ofVpc(vpcId: string): SubnetRecord[] {
    return (this.selectOfVpc.all(vpcId) as Stored<SubnetRecord>[]).map(readSubnet);
  }

  countOfVpc(vpcId: string): number {
    return this.selectCountOfVpc.get(vpcId) as number;
  }

  /** A page of the project's subnets (or of one VPC's), oldest first; undefined for an unknown marker. */
  list(projectId: string, page: MarkerPage, vpcId?: string): SubnetRecord[] | undefined {
    return this.page(projectId, page, { vpc_id: vpcId ?? null })?.map(readSubnet);
  }

  all(): SubnetRecord[] {
    return (this.selectAll.all() as Stored<SubnetRecord>[]).map(readSubnet);
  }

  update(subnet: SubnetRecord): void {
    this.updateRow.run(storedSubnet(subnet));
  }

  /** Deletes the subnet and its tags; answers its project, or undefined if it is gone. */
  remove(id: string): string | undefined {
    this.tags.removeFor(id);
    return this.deleteRow.get(id) as string | undefined;
  }
}

function storedVpc(vpc: VpcRecord): Stored<VpcRecord> {
  return { ...vpc, enable_shared_snat: vpc.enable_shared_snat ? 1 : 0, routes: JSON.stringify(vpc.routes) };
}

function storedSubnet(subnet: SubnetRecord): Stored<SubnetRecord> {
  return {
    ...subnet,
    dhcp_enable: subnet.dhcp_enable ? 1 : 0,
    dns_list: JSON.stringify(subnet.dns_list),
    extra_dhcp_opts: JSON.stringify(subnet.extra_dhcp_opts),
  };
}

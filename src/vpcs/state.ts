// VPCs and subnets in a state document, every stored field included (tags and a failure too), so that an
// export imports back to the same state. A seed written by hand may leave out what has a default, the
// times (now) and a subnet's Neutron subnet id (a new one); what it gives is checked as the API would.
import { Type, type Static } from 'typebox';
import { IPV4, ProjectId, ResourceError, Timestamp, Uuid, isoTime, type WithDefaults } from '../common/schemas.js';
import type { Db } from '../db/database.js';
import { withoutNulls } from '../db/rows.js';
import {
  exportedError,
  importedError,
  importedTimes,
  loading,
  removeInScope,
  scopedRemovals,
  StateError,
  type StateSection,
} from '../db/state.js';
import { AddressRange } from '../network/addresses.js';
import { parseBlock } from '../network/ipv4.js';
import type { Clock } from '../runtime/clock.js';
import type { Random } from '../runtime/random.js';
import { TagStore } from '../tags/store.js';
import { SUBNET_STATUSES, VPC_STATUSES } from './schemas.js';
import type { SubnetStore, VpcStore } from './store.js';

export interface VpcStateContext {
  vpcs: VpcStore;
  subnets: SubnetStore;
  clock: Clock;
  random: Random;
}

const Text = (maxLength: number) => Type.Optional(Type.String({ maxLength, default: '' }));
const Address = Type.String({ pattern: `^${IPV4}$`, 'x-rule': 'an IPv4 address' });
const Cidr = Type.String({ pattern: `^${IPV4}/(3[0-2]|[12]?[0-9])$`, 'x-rule': 'a CIDR block such as 192.168.0.0/24' });

/** Tags of a companion resource in a state document. */
export const CompanionTags = Type.Optional(
  Type.Array(Type.Object({ key: Type.String({ minLength: 1 }), value: Type.String() }), { default: [] }),
);

/** The fields every companion record has in a state document besides its own. */
export const CompanionRecordFields = {
  tags: CompanionTags,
  error: Type.Optional({ ...ResourceError, description: 'Why it failed (status ERROR only)' }),
  created_at: Type.Optional(Timestamp({ description: 'Default: now' })),
  updated_at: Type.Optional(Timestamp({ description: 'Default: created_at' })),
};

const VpcDocument = Type.Object({
  id: Uuid(),
  project_id: ProjectId,
  name: Text(64),
  description: Text(255),
  cidr: Type.Optional(Type.Union([Cidr, Type.Literal('')], { default: '' })),
  status: Type.Enum(VPC_STATUSES),
  enable_shared_snat: Type.Optional(Type.Boolean({ default: false })),
  routes: Type.Optional(Type.Array(Type.Object({ destination: Cidr, nexthop: Address }), { default: [] })),
  ...CompanionRecordFields,
});
type VpcDocumentInput = WithDefaults<
  Static<typeof VpcDocument>,
  'name' | 'description' | 'cidr' | 'enable_shared_snat' | 'routes' | 'tags'
>;

const SubnetDocument = Type.Object({
  id: Uuid({ description: 'Also the Neutron network id' }),
  neutron_subnet_id: Type.Optional(Uuid({ description: 'Default: a new UUID' })),
  project_id: ProjectId,
  vpc_id: Uuid({ description: 'A VPC of the same project, earlier in the document' }),
  name: Type.String({ minLength: 1, maxLength: 64 }),
  description: Text(255),
  cidr: Cidr,
  gateway_ip: Address,
  dhcp_enable: Type.Optional(Type.Boolean({ default: true })),
  primary_dns: Type.Optional(Type.Union([Address, Type.Literal('')], { default: '' })),
  secondary_dns: Type.Optional(Type.Union([Address, Type.Literal('')], { default: '' })),
  dnsList: Type.Optional(Type.Array(Address, { default: [] })),
  availability_zone: Text(64),
  extra_dhcp_opts: Type.Optional(
    Type.Array(Type.Object({ opt_name: Type.String(), opt_value: Type.String() }), { default: [] }),
  ),
  status: Type.Enum(SUBNET_STATUSES),
  ...CompanionRecordFields,
});
type SubnetDocumentInput = WithDefaults<
  Static<typeof SubnetDocument>,
  | 'description'
  | 'dhcp_enable'
  | 'primary_dns'
  | 'secondary_dns'
  | 'dnsList'
  | 'availability_zone'
  | 'extra_dhcp_opts'
  | 'tags'
>;

export function vpcState(db: Db, ctx: VpcStateContext): StateSection {
  const tags = new TagStore(db);
  const removals = scopedRemovals(db, 'vpcs');
  const count = db.prepare('SELECT COUNT(*) FROM vpcs').pluck();

  function importOne(record: VpcDocumentInput): void {
    if (record.cidr !== '' && !parseBlock(record.cidr)) throw new StateError(`cidr ${record.cidr} has host bits set`);
    ctx.vpcs.insert({
      ...record,
      ...importedTimes(record, ctx.clock.now()),
      ...importedError(record),
    });
    tags.add(record.id, record.tags);
  }

  return {
    key: 'vpcs',
    schema: Type.Array(VpcDocument, { description: 'VPCs (VPC API v1), oldest first' }),
    export: () => {
      const vpcs = ctx.vpcs.all();
      const tagsOf = tags.ofMany(vpcs.map((vpc) => vpc.id));
      return vpcs.map((vpc) =>
        withoutNulls({
          id: vpc.id,
          project_id: vpc.project_id,
          name: vpc.name,
          description: vpc.description,
          cidr: vpc.cidr,
          status: vpc.status,
          enable_shared_snat: vpc.enable_shared_snat,
          routes: vpc.routes,
          tags: tagsOf.get(vpc.id) ?? [],
          error: exportedError(vpc),
          created_at: isoTime(vpc.created_at),
          updated_at: isoTime(vpc.updated_at),
        }),
      );
    },
    import: (value) =>
      (value as VpcDocumentInput[]).forEach((record, i) => loading(`vpcs[${i}]`, () => importOne(record))),
    reset: (scope) => removeInScope(removals, scope),
    count: () => ({ vpcs: count.get() as number }),
  };
}

export function subnetState(db: Db, ctx: VpcStateContext): StateSection {
  const tags = new TagStore(db);
  const removals = scopedRemovals(db, 'subnets');
  const count = db.prepare('SELECT COUNT(*) FROM subnets').pluck();

  function importOne(record: SubnetDocumentInput): void {
    const vpc = ctx.vpcs.findById(record.vpc_id);
    if (vpc?.project_id !== record.project_id) {
      throw new StateError(`vpc_id ${record.vpc_id} is not a VPC of project ${record.project_id} in the document`);
    }
    if (!parseBlock(record.cidr)) throw new StateError(`cidr ${record.cidr} has host bits set`);
    if (!AddressRange.of(record).isHost(record.gateway_ip)) {
      throw new StateError(`gateway_ip ${record.gateway_ip} is not a host address of ${record.cidr}`);
    }
    ctx.subnets.insert({
      ...record,
      neutron_subnet_id: record.neutron_subnet_id ?? ctx.random.uuid(),
      dns_list: record.dnsList,
      ...importedTimes(record, ctx.clock.now()),
      ...importedError(record),
    });
    tags.add(record.id, record.tags);
  }

  return {
    key: 'subnets',
    schema: Type.Array(SubnetDocument, { description: 'Subnets (VPC API v1) with their Neutron ids, oldest first' }),
    export: () => {
      const subnets = ctx.subnets.all();
      const tagsOf = tags.ofMany(subnets.map((subnet) => subnet.id));
      return subnets.map((subnet) =>
        withoutNulls({
          id: subnet.id,
          neutron_subnet_id: subnet.neutron_subnet_id,
          project_id: subnet.project_id,
          vpc_id: subnet.vpc_id,
          name: subnet.name,
          description: subnet.description,
          cidr: subnet.cidr,
          gateway_ip: subnet.gateway_ip,
          dhcp_enable: subnet.dhcp_enable,
          primary_dns: subnet.primary_dns,
          secondary_dns: subnet.secondary_dns,
          dnsList: subnet.dns_list,
          availability_zone: subnet.availability_zone,
          extra_dhcp_opts: subnet.extra_dhcp_opts,
          status: subnet.status,
          tags: tagsOf.get(subnet.id) ?? [],
          error: exportedError(subnet),
          created_at: isoTime(subnet.created_at),
          updated_at: isoTime(subnet.updated_at),
        }),
      );
    },
    import: (value) =>
      (value as SubnetDocumentInput[]).forEach((record, i) => loading(`subnets[${i}]`, () => importOne(record))),
    reset: (scope) => removeInScope(removals, scope),
    count: () => ({ subnets: count.get() as number }),
  };
}

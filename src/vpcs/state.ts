// VPCs and subnets in a state document, every stored field included (tags and a failure too), so that an
// export imports back to the same state. A seed written by hand may leave out what has a default, the
// times (now) and a subnet's Neutron subnet id (a new one); what it gives is checked as the API would.
import { Type, type Static } from 'typebox';
import { IPV4, ProjectId, Uuid, type WithDefaults } from '../common/schemas.js';
import type { Db } from '../db/database.js';
import { StateError, type StateSection } from '../db/state.js';
import { AddressRange } from '../network/addresses.js';
import { parseBlock } from '../network/ipv4.js';
import { CompanionRecordFields, companionSection } from '../network/state-section.js';
import type { Clock } from '../runtime/clock.js';
import type { Random } from '../runtime/random.js';
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
  return companionSection(db, ctx.clock, {
    key: 'vpcs',
    description: 'VPCs (VPC API v1), oldest first',
    record: VpcDocument,
    all: () => ctx.vpcs.all(),
    document: ({ error_code, error_message, created_at, updated_at, ...fields }) => fields,
    insert: (record: VpcDocumentInput, extras) => {
      if (record.cidr !== '' && !parseBlock(record.cidr)) throw new StateError(`cidr ${record.cidr} has host bits set`);
      ctx.vpcs.insert({ ...record, ...extras });
    },
  });
}

export function subnetState(db: Db, ctx: VpcStateContext): StateSection {
  return companionSection(db, ctx.clock, {
    key: 'subnets',
    description: 'Subnets (VPC API v1) with their Neutron ids, oldest first',
    record: SubnetDocument,
    all: () => ctx.subnets.all(),
    document: ({ error_code, error_message, created_at, updated_at, dns_list, ...fields }) => ({ ...fields, dnsList: dns_list }),
    insert: (record: SubnetDocumentInput, extras) => {
      const vpc = ctx.vpcs.findById(record.vpc_id);
      if (vpc?.project_id !== record.project_id) {
        throw new StateError(`vpc_id ${record.vpc_id} is not a VPC of project ${record.project_id} in the document`);
      }
      if (!parseBlock(record.cidr)) throw new StateError(`cidr ${record.cidr} has host bits set`);
      if (!AddressRange.of(record).isHost(record.gateway_ip)) {
        throw new StateError(`gateway_ip ${record.gateway_ip} is not a host address of ${record.cidr}`);
      }
      const neutronSubnetId = record.neutron_subnet_id ?? ctx.random.uuid();
      ctx.subnets.insert({ ...record, neutron_subnet_id: neutronSubnetId, dns_list: record.dnsList, ...extras });
    },
  });
}

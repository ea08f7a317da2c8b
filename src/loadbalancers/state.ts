// Load balancers in a state document, with their VIP ports, tags and a failure, so that an export imports
// back to the same state. A seed written by hand may leave out the VIP port id (a new one) and address (a
// free one from the top of the subnet's pool), what has a default and the times.
import { Type, type Static } from 'typebox';
import { IPV4, ProjectId, Uuid, type WithDefaults } from '../common/schemas.js';
import type { Db } from '../db/database.js';
import { StateError, type StateSection } from '../db/state.js';
import { AddressRange, type SubnetAddresses } from '../network/addresses.js';
import { CompanionRecordFields, companionSection } from '../network/state-section.js';
import type { Clock } from '../runtime/clock.js';
import type { Random } from '../runtime/random.js';
import type { SubnetStore } from '../vpcs/store.js';
import { LOADBALANCER_STATUSES } from './schemas.js';
import type { LoadBalancerStore } from './store.js';

export interface LoadBalancerStateContext {
  store: LoadBalancerStore;
  subnets: SubnetStore;
  addresses: SubnetAddresses;
  clock: Clock;
  random: Random;
}

const LoadBalancerDocument = Type.Object({
  id: Uuid(),
  project_id: ProjectId,
  subnet_id: Uuid({ description: 'The v1 subnet (Neutron network) of the VIP, of the same project, earlier in the document' }),
  name: Type.Optional(Type.String({ maxLength: 255, default: '' })),
  description: Type.Optional(Type.String({ maxLength: 255, default: '' })),
  vip_port_id: Type.Optional(Uuid({ description: 'Default: a new UUID' })),
  vip_address: Type.Optional(
    Type.String({ pattern: `^${IPV4}$`, 'x-rule': 'an IPv4 address', description: 'Default: a free one from the top of the pool' }),
  ),
  provider: Type.Optional(Type.Literal('vlb', { default: 'vlb' })),
  provisioning_status: Type.Enum(LOADBALANCER_STATUSES),
  operating_status: Type.Optional(Type.Literal('ONLINE', { default: 'ONLINE' })),
  ...CompanionRecordFields,
});
type LoadBalancerDocumentInput = WithDefaults<
  Static<typeof LoadBalancerDocument>,
  'name' | 'description' | 'provider' | 'operating_status' | 'tags'
>;

export function loadBalancerState(db: Db, ctx: LoadBalancerStateContext): StateSection {
  return companionSection(db, ctx.clock, {
    key: 'loadbalancers',
    description: 'Load balancers (ELB v2) with their VIP ports, oldest first',
    record: LoadBalancerDocument,
    all: () => ctx.store.all(),
    // admin_state_up is always true and the Neutron subnet id is the subnet's: neither is kept twice.
    document: ({ error_code, error_message, created_at, updated_at, admin_state_up, vip_subnet_id, ...fields }) => fields,
    insert: (record: LoadBalancerDocumentInput, extras) => {
      const subnet = ctx.subnets.findById(record.subnet_id);
      if (subnet?.project_id !== record.project_id) {
        throw new StateError(`subnet_id ${record.subnet_id} is not a subnet of project ${record.project_id} in the document`);
      }
      const range = AddressRange.of(subnet);
      const vipAddress = record.vip_address ?? range.firstFree(ctx.addresses.taken(subnet.id), 'top');
      if (vipAddress === undefined || !range.isHost(vipAddress)) {
        throw new StateError(`vip_address ${vipAddress ?? '(none free)'} is not a free host address of ${subnet.cidr}`);
      }
      ctx.store.insert({
        ...record,
        vip_port_id: record.vip_port_id ?? ctx.random.uuid(),
        vip_address: vipAddress,
        admin_state_up: true,
        ...extras,
      });
    },
  });
}

// What creating, updating and deleting a load balancer does, each in one write, and its transitions:
// PENDING_CREATE becomes ACTIVE, PENDING_DELETE becomes gone, each after VPCEP_DELAY_NETWORK.
//
// A load balancer whose VIP port backs an endpoint service (the service's port_id) is not removed while
// that service exists. Its DELETE is still answered 204, as gophertelekomcloud's own acceptance tests
// expect (they delete the load balancer before the service): it stays PENDING_DELETE, with its VIP port,
// and goes once the last service on the port is gone (releasePort).
import { freshRecord, recordChange, startLifecycle, statusTransition, type Runtime } from '../runtime/runtime.js';
import { DELETED } from '../runtime/changes.js';
import type { Delay } from '../runtime/scheduler.js';
import { AddressRange, type SubnetAddresses } from '../network/addresses.js';
import type { SubnetStore } from '../vpcs/store.js';
import { NeutronError } from './errors.js';
import type { CreateLoadBalancerInput, UpdateLoadBalancerInput } from './schemas.js';
import type { LoadBalancerRow, LoadBalancerStore } from './store.js';

export interface LoadBalancerContext extends Runtime {
  store: LoadBalancerStore;
  subnets: SubnetStore;
  addresses: SubnetAddresses;
  /** The endpoint services, of any project and in any status, whose port_id is this port. */
  servicesOnPort(portId: string): string[];
}

export const LOADBALANCER_KIND = 'loadbalancer';
const BECOME_ACTIVE = 'loadbalancer.active';
const DISAPPEAR = 'loadbalancer.gone';

export function registerLoadBalancerTransitions(ctx: LoadBalancerContext, delay: Delay): void {
  ctx.scheduler.on(BECOME_ACTIVE, statusTransition(ctx, LOADBALANCER_KIND, ctx.store.status, 'PENDING_CREATE', 'ACTIVE', delay));
  ctx.scheduler.on(DISAPPEAR, { ...delay, becomes: DELETED, run: (id) => removeUnlessUsed(ctx, id) });
}

export function findLoadBalancer(ctx: LoadBalancerContext, projectId: string, id: string): LoadBalancerRow {
  const lb = ctx.store.find(projectId, id);
  if (!lb) throw new NeutronError('EntityNotFound', `LoadBalancer ${id} could not be found.`);
  return lb;
}

export function createLoadBalancer(
  ctx: LoadBalancerContext,
  projectId: string,
  input: CreateLoadBalancerInput,
): LoadBalancerRow {
  for (const owner of [input.tenant_id, input.project_id]) {
    if (owner !== undefined && owner !== projectId) {
      throw new NeutronError('HTTPForbidden', `a load balancer can be created only in the token's project ${projectId}, not ${owner}`);
    }
  }
  refuseAdminDown(input.admin_state_up);
  const [id, portId] = [ctx.random.uuid(), ctx.random.uuid()];
  return ctx.write(() => {
    const subnet = ctx.subnets.findByNeutronId(projectId, input.vip_subnet_id);
    if (!subnet) throw new NeutronError('SubnetNotFound', `Subnet ${input.vip_subnet_id} could not be found.`);
    ctx.store.insert({
      id,
      project_id: projectId,
      subnet_id: subnet.id,
      name: input.name,
      description: input.description,
      vip_port_id: portId,
      vip_address: vipAddress(ctx, subnet, input.vip_address),
      provider: input.provider ?? 'vlb',
      admin_state_up: true,
      provisioning_status: 'PENDING_CREATE',
      operating_status: 'ONLINE',
      ...freshRecord(ctx.clock.now()),
    });
    startLifecycle(ctx, LOADBALANCER_KIND, id, projectId, 'PENDING_CREATE', BECOME_ACTIVE);
    return findLoadBalancer(ctx, projectId, id);
  });
}

export function updateLoadBalancer(
  ctx: LoadBalancerContext,
  projectId: string,
  id: string,
  input: UpdateLoadBalancerInput,
): LoadBalancerRow {
  refuseAdminDown(input.admin_state_up);
  return ctx.write(() => {
    const current = findLoadBalancer(ctx, projectId, id);
    refusePending(current, 'update');
    ctx.store.update({
      ...current,
      name: input.name ?? current.name,
      description: input.description ?? current.description,
      updated_at: ctx.clock.now(),
    });
    recordChange(ctx, LOADBALANCER_KIND, id, projectId, current.provisioning_status, current.provisioning_status);
    return findLoadBalancer(ctx, projectId, id);
  });
}

/** Starts the deletion; deleting one that is PENDING_DELETE already starts its removal again. */
export function deleteLoadBalancer(ctx: LoadBalancerContext, projectId: string, id: string): void {
  ctx.write(() => {
    const current = findLoadBalancer(ctx, projectId, id);
    if (current.provisioning_status !== 'PENDING_DELETE') {
      refusePending(current, 'delete');
      const from = current.provisioning_status;
      if (ctx.store.status.move(id, from, 'PENDING_DELETE', ctx.clock.now()) !== undefined) {
        recordChange(ctx, LOADBALANCER_KIND, id, projectId, from, 'PENDING_DELETE');
      }
    }
    ctx.scheduler.schedule(id, DISAPPEAR);
  });
}

/**
 * An endpoint service no longer uses the port (it is gone, or moved to another port): a load balancer
 * that waited for that, PENDING_DELETE with nothing pending, goes now after its delay.
 */
export function releasePort(ctx: LoadBalancerContext, portId: string): void {
  const lb = ctx.store.findByPort(portId);
  if (lb?.provisioning_status !== 'PENDING_DELETE' || ctx.scheduler.pendingFor(lb.id)) return;
  if (ctx.servicesOnPort(portId).length === 0) ctx.scheduler.schedule(lb.id, DISAPPEAR);
}

/** Why a load balancer that is PENDING_DELETE with nothing pending stays, if it does. */
export function keptBy(ctx: LoadBalancerContext, lb: { provisioning_status: string; vip_port_id: string }): string | undefined {
  if (lb.provisioning_status !== 'PENDING_DELETE') return undefined;
  const services = ctx.servicesOnPort(lb.vip_port_id);
  if (services.length === 0) return undefined;
  return `waiting for endpoint service(s) ${services.join(', ')} on its VIP port ${lb.vip_port_id} to be deleted`;
}

function removeUnlessUsed(ctx: LoadBalancerContext, id: string): void {
  const lb = ctx.store.findById(id);
  if (lb?.provisioning_status !== 'PENDING_DELETE' || ctx.servicesOnPort(lb.vip_port_id).length > 0) return;
  ctx.store.remove(id);
  recordChange(ctx, LOADBALANCER_KIND, id, lb.project_id, 'PENDING_DELETE', DELETED);
}

/** The requested VIP if it is a free host address of the subnet, or the first free one from the top. */
function vipAddress(ctx: LoadBalancerContext, subnet: { id: string; cidr: string; gateway_ip: string }, requested?: string): string {
  const range = AddressRange.of(subnet);
  if (requested === undefined) {
    const free = range.firstFree(ctx.addresses.taken(subnet.id), 'top');
    if (free === undefined) throw new NeutronError('IpAddressGenerationFailure', `No more IP addresses available on network ${subnet.id}.`);
    return free;
  }
  if (!range.isHost(requested)) {
    throw new NeutronError('InvalidIpForSubnet', `IP address ${requested} is not a valid IP for the specified subnet.`);
  }
  if (range.isGateway(requested) || ctx.addresses.isTaken(subnet.id, requested)) {
    throw new NeutronError('IpAddressAlreadyAllocated', `IP address ${requested} already allocated in subnet ${subnet.id}.`);
  }
  return requested;
}

function refusePending(lb: LoadBalancerRow, what: string): void {
  if (lb.provisioning_status.startsWith('PENDING_')) {
    throw new NeutronError(
      'StateInvalid',
      `Invalid state ${lb.provisioning_status} of loadbalancer resource ${lb.id}: it cannot ${what} before it is ACTIVE.`,
    );
  }
}

function refuseAdminDown(adminStateUp: boolean | undefined): void {
  if (adminStateUp === false) {
    throw new NeutronError('HTTPBadRequest', 'Invalid input for operation: admin_state_up is reserved and can only be true.');
  }
}

// What creating, updating and deleting a VPC does, each in one write, and the transitions of VPCs and
// subnets: a new VPC is CREATING and becomes OK, a new subnet is UNKNOWN and becomes ACTIVE, each after
// VPCEP_DELAY_NETWORK. Deletions happen at once, as Terraform expects (it polls for the 404 right after).
import type { Runtime } from '../runtime/runtime.js';
import { freshRecord, recordChange, startLifecycle, statusTransition } from '../runtime/runtime.js';
import { DELETED } from '../runtime/changes.js';
import type { Delay } from '../runtime/scheduler.js';
import type { SubnetAddresses } from '../network/addresses.js';
import { formatBlock, isPrivate, parseBlock, PRIVATE_RANGES, within, type Block } from '../network/ipv4.js';
import { VpcError } from './errors.js';
import type { CreateVpcInput, UpdateVpcInput } from './schemas.js';
import type { SubnetStore, VpcRecord, VpcStore } from './store.js';

export interface VpcContext extends Runtime {
  vpcs: VpcStore;
  subnets: SubnetStore;
  addresses: SubnetAddresses;
}

export const VPC_KIND = 'vpc';
export const SUBNET_KIND = 'subnet';
export const VPC_READY = 'vpc.ok';
export const SUBNET_READY = 'subnet.active';

// The longest prefix a VPC's CIDR may have (the shortest is that of the private range it lies in).
const VPC_MAX_PREFIX = 24;

export function registerVpcTransitions(ctx: VpcContext, delay: Delay): void {
  ctx.scheduler.on(VPC_READY, statusTransition(ctx, VPC_KIND, ctx.vpcs.status, 'CREATING', 'OK', delay));
  ctx.scheduler.on(SUBNET_READY, statusTransition(ctx, SUBNET_KIND, ctx.subnets.status, 'UNKNOWN', 'ACTIVE', delay));
}

export function findVpc(ctx: VpcContext, projectId: string, id: string): VpcRecord {
  const vpc = ctx.vpcs.find(projectId, id);
  if (!vpc) throw new VpcError('VPC.0003', `VPC ${id} does not exist in project ${projectId}`);
  return vpc;
}

export function createVpc(ctx: VpcContext, projectId: string, input: CreateVpcInput): VpcRecord {
  const cidr = checkVpcCidr(input.cidr ?? '');
  const id = ctx.random.uuid();
  return ctx.write(() => {
    const name = input.name ?? '';
    checkNameFree(ctx, projectId, name);
    ctx.vpcs.insert({
      id,
      project_id: projectId,
      name,
      description: input.description,
      cidr,
      status: 'CREATING',
      enable_shared_snat: false,
      routes: [],
      ...freshRecord(ctx.clock.now()),
    });
    startLifecycle(ctx, VPC_KIND, id, projectId, 'CREATING', VPC_READY);
    return findVpc(ctx, projectId, id);
  });
}

export function updateVpc(ctx: VpcContext, projectId: string, id: string, input: UpdateVpcInput): VpcRecord {
  const cidr = input.cidr === undefined ? undefined : checkVpcCidr(input.cidr);
  return ctx.write(() => {
    const current = findVpc(ctx, projectId, id);
    if (input.name !== undefined && input.name !== current.name) checkNameFree(ctx, projectId, input.name);
    if (cidr !== undefined) checkHoldsSubnets(ctx, current, cidr);
    ctx.vpcs.update({
      ...current,
      name: input.name ?? current.name,
      description: input.description ?? current.description,
      cidr: cidr ?? current.cidr,
      routes: input.routes ?? current.routes,
      enable_shared_snat: input.enable_shared_snat ?? current.enable_shared_snat,
      updated_at: ctx.clock.now(),
    });
    recordChange(ctx, VPC_KIND, id, projectId, current.status, current.status);
    return findVpc(ctx, projectId, id);
  });
}

/** Deletes the VPC at once, in any status; one with subnets is refused (VPC.0104, which Terraform retries). */
export function deleteVpc(ctx: VpcContext, projectId: string, id: string): void {
  ctx.write(() => {
    const current = findVpc(ctx, projectId, id);
    const subnets = ctx.subnets.countOfVpc(id);
    if (subnets > 0) throw new VpcError('VPC.0104', `VPC ${id} has ${subnets} subnet(s)`);
    ctx.scheduler.cancel(id);
    ctx.vpcs.remove(id);
    recordChange(ctx, VPC_KIND, id, projectId, current.status, DELETED);
  });
}

/**
 * The block a subnet may use in the VPC: the VPC's CIDR, or for a VPC without one, the private range
 * the subnet lies in.
 */
export function vpcBlockFor(vpc: VpcRecord, subnet: Block): Block | undefined {
  if (vpc.cidr !== '') return parseBlock(vpc.cidr);
  return PRIVATE_RANGES.find((range) => within(subnet, range));
}

/** '' (no CIDR) or a block in a private range with a prefix length up to 24, as written. */
function checkVpcCidr(cidr: string): string {
  if (cidr === '') return cidr;
  const block = parseBlock(cidr);
  if (!block || !isPrivate(block) || block.prefix > VPC_MAX_PREFIX) {
    throw new VpcError(
      'VPC.0101',
      `cidr ${cidr} must be a block in 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 with a prefix length of at ` +
        `most ${VPC_MAX_PREFIX} and no host bits set`,
    );
  }
  return formatBlock(block);
}

function checkNameFree(ctx: VpcContext, projectId: string, name: string): void {
  if (name !== '' && ctx.vpcs.findNamed(projectId, name)) {
    throw new VpcError('VPC.0115', `the project already has a VPC named ${name}`);
  }
}

function checkHoldsSubnets(ctx: VpcContext, vpc: VpcRecord, cidr: string): void {
  const changed = { ...vpc, cidr };
  const outside = ctx.subnets.ofVpc(vpc.id).find((subnet) => {
    const block = parseBlock(subnet.cidr)!;
    const allowed = vpcBlockFor(changed, block);
    return !allowed || !within(block, allowed);
  });
  if (outside) throw new VpcError('VPC.0117', `subnet ${outside.id} (${outside.cidr}) would lie outside ${cidr || 'the VPC'}`);
}

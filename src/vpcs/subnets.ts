// What creating, updating and deleting a subnet does, each in one write. A subnet lies in its VPC's CIDR,
// overlaps no other subnet of the VPC, and has its gateway inside; it comes with a Neutron network (its
// own id) and a Neutron subnet (neutron_subnet_id), which the load balancer API refers to.
import { freshRecord, recordChange, startLifecycle } from '../runtime/runtime.js';
import { DELETED } from '../runtime/changes.js';
import { AddressRange } from '../network/addresses.js';
import { overlap, parseBlock, within, type Block } from '../network/ipv4.js';
import { VpcError } from './errors.js';
import { findVpc, SUBNET_KIND, SUBNET_READY, vpcBlockFor, type VpcContext } from './operations.js';
import type { CreateSubnetInput, UpdateSubnetInput } from './schemas.js';
import type { SubnetRecord, VpcRecord } from './store.js';

// The longest prefix a subnet may have: a /28 has 16 addresses, of which the pool hands out 10.
const SUBNET_MAX_PREFIX = 28;

export function findSubnet(ctx: VpcContext, projectId: string, id: string): SubnetRecord {
  const subnet = ctx.subnets.find(projectId, id);
  if (!subnet) throw new VpcError('VPC.0202', `subnet ${id} does not exist in project ${projectId}`);
  return subnet;
}

export function createSubnet(ctx: VpcContext, projectId: string, input: CreateSubnetInput): SubnetRecord {
  refuseIpv6(input.ipv6_enable);
  const block = parseSubnetCidr(input.cidr);
  const range = AddressRange.of(input);
  if (!range.isHost(input.gateway_ip)) {
    throw new VpcError('VPC.0201', `gateway_ip ${input.gateway_ip} must be a host address of ${input.cidr}`);
  }
  const [id, neutronSubnetId] = [ctx.random.uuid(), ctx.random.uuid()];
  return ctx.write(() => {
    const vpc = findVpc(ctx, projectId, input.vpc_id);
    checkPlace(ctx, vpc, input.cidr, block);
    ctx.subnets.insert({
      id,
      neutron_subnet_id: neutronSubnetId,
      project_id: projectId,
      vpc_id: vpc.id,
      name: input.name,
      description: input.description,
      cidr: input.cidr,
      gateway_ip: input.gateway_ip,
      dhcp_enable: input.dhcp_enable,
      ...dnsOf(input, { primary: '', secondary: '', list: [] }),
      availability_zone: input.availability_zone ?? '',
      extra_dhcp_opts: input.extra_dhcp_opts ?? [],
      status: 'UNKNOWN',
      ...freshRecord(ctx.clock.now()),
    });
    startLifecycle(ctx, SUBNET_KIND, id, projectId, 'UNKNOWN', SUBNET_READY);
    return findSubnet(ctx, projectId, id);
  });
}

export function updateSubnet(
  ctx: VpcContext,
  projectId: string,
  vpcId: string,
  id: string,
  input: UpdateSubnetInput,
): SubnetRecord {
  refuseIpv6(input.ipv6_enable);
  return ctx.write(() => {
    const current = findSubnetOfVpc(ctx, projectId, vpcId, id);
    ctx.subnets.update({
      ...current,
      name: input.name,
      description: input.description ?? current.description,
      dhcp_enable: input.dhcp_enable ?? current.dhcp_enable,
      ...dnsOf(input, { primary: current.primary_dns, secondary: current.secondary_dns, list: current.dns_list }),
      extra_dhcp_opts: input.extra_dhcp_opts ?? current.extra_dhcp_opts,
      updated_at: ctx.clock.now(),
    });
    recordChange(ctx, SUBNET_KIND, id, projectId, current.status, current.status);
    return findSubnet(ctx, projectId, id);
  });
}

/**
 * Deletes the subnet at once, in any status. A load balancer's VIP or a VPC endpoint's address in it
 * keeps it: the documented 500s VPC.0211 and VPC.0209, which Terraform retries until they are gone.
 */
export function deleteSubnet(ctx: VpcContext, projectId: string, vpcId: string, id: string): void {
  ctx.write(() => {
    const current = findSubnetOfVpc(ctx, projectId, vpcId, id);
    const user = ctx.addresses.user(id);
    if (user === 'loadbalancer') throw new VpcError('VPC.0211', `a load balancer has its VIP in subnet ${id}`);
    if (user === 'endpoint') throw new VpcError('VPC.0209', `a VPC endpoint has an address in subnet ${id}`);
    ctx.scheduler.cancel(id);
    ctx.subnets.remove(id);
    recordChange(ctx, SUBNET_KIND, id, projectId, current.status, DELETED);
  });
}

/** The subnet of the path, which must belong to the VPC of the path. */
function findSubnetOfVpc(ctx: VpcContext, projectId: string, vpcId: string, id: string): SubnetRecord {
  findVpc(ctx, projectId, vpcId);
  const subnet = findSubnet(ctx, projectId, id);
  if (subnet.vpc_id !== vpcId) throw new VpcError('VPC.0207', `subnet ${id} belongs to VPC ${subnet.vpc_id}, not ${vpcId}`);
  return subnet;
}

function parseSubnetCidr(cidr: string): Block {
  const block = parseBlock(cidr);
  if (!block || block.prefix > SUBNET_MAX_PREFIX) {
    throw new VpcError(
      'VPC.0212',
      `cidr ${cidr} must be a block a.b.c.d/n with a prefix length of at most ${SUBNET_MAX_PREFIX} and no host bits set`,
    );
  }
  return block;
}

/** Inside the VPC's CIDR (or a private range, for a VPC without one) and apart from the VPC's other subnets. */
function checkPlace(ctx: VpcContext, vpc: VpcRecord, cidr: string, block: Block): void {
  const allowed = vpcBlockFor(vpc, block);
  if (!allowed || !within(block, allowed)) {
    throw new VpcError('VPC.0203', `cidr ${cidr} is not inside ${vpc.cidr || 'a private range'} of VPC ${vpc.id}`);
  }
  const neighbour = ctx.subnets.ofVpc(vpc.id).find((other) => overlap(parseBlock(other.cidr)!, block));
  if (neighbour) {
    throw new VpcError('VPC.0204', `cidr ${cidr} overlaps ${neighbour.cidr} of subnet ${neighbour.id}`);
  }
}

function refuseIpv6(enabled: boolean | undefined): void {
  if (enabled) throw new VpcError('VPC.0201', 'ipv6_enable: the emulator has IPv4 subnets only');
}

/**
 * The DNS servers: dnsList holds primary_dns and secondary_dns, whichever of them is given; what is not
 * given stays as it was.
 */
function dnsOf(
  input: { primary_dns?: string; secondary_dns?: string; dnsList?: string[] },
  current: { primary: string; secondary: string; list: string[] },
): { primary_dns: string; secondary_dns: string; dns_list: string[] } {
  const list = input.dnsList;
  const primary = input.primary_dns ?? list?.[0] ?? current.primary;
  const secondary = input.secondary_dns ?? list?.[1] ?? current.secondary;
  const given = input.primary_dns !== undefined || input.secondary_dns !== undefined;
  return {
    primary_dns: primary,
    secondary_dns: secondary,
    dns_list: list ?? (given ? [primary, secondary].filter((dns) => dns !== '') : current.list),
  };
}

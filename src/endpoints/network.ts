// What a new endpoint gets on the network: its address in the subnet and its DNS name (interface
// endpoints), its route tables and OBS policy (gateway endpoints), and its packet marker. In a subnet the
// VPC API has, addresses come from its pool; in any other (VPCEP_REFERENCES=any takes any subnet id) from
// one fixed range. The emulator has no route tables, so a VPC's default one is an id derived from the VPC's.
import { stableUuid } from '../common/stable-id.js';
import { ApiError } from '../errors.js';
import type { SubnetAddresses } from '../network/addresses.js';
import { formatIpv4, parseIpv4 } from '../network/ipv4.js';
import type { KnownSubnet } from '../network/references.js';
import type { Random } from '../runtime/random.js';
import type { PolicyStatementInput, PolicyStatementView } from './schemas.js';
import type { EndpointStore } from './store.js';

// Outside a known subnet, addresses are handed out upwards from 192.168.0.2 (.1 is the gateway of a
// typical OTC subnet), skipping .0 and .255 of every /24.
const FIRST_ADDRESS = parseIpv4('192.168.0.2')!;
const LAST_ADDRESS = parseIpv4('192.168.255.254')!;

// marker_id values look like the documented ones (16777510, 201515772) and stay below 2^31, so every
// client reads them as an exact 32-bit integer.
const MARKER_MIN = 2 ** 24;
const MARKER_MAX = 2 ** 31;

/** Full access to OBS: the policy of a gateway endpoint that was given none (vpcep-api.md §3.5). */
export const DEFAULT_POLICY: PolicyStatementView[] = [
  { Effect: 'Allow', Action: ['obs:*:*'], Resource: ['obs:*:*:*:*/*', 'obs:*:*:*:*'] },
];

/**
 * The requested address if nobody in the subnet has it, or else the first free one. In known mode
 * (`subnet.strict`) a requested address must also be a host address of the subnet, not its gateway.
 */
export function claimAddress(
  addresses: SubnetAddresses,
  subnetId: string,
  requested: string | undefined,
  subnet?: KnownSubnet,
): string {
  if (requested !== undefined) {
    if (subnet?.strict && !subnet.range.isHost(requested)) {
      throw new ApiError('EndPoint.2043', `port_ip ${requested} is not a host address of subnet ${subnetId} (${subnet.cidr})`);
    }
    if (addresses.isTaken(subnetId, requested) || (subnet?.strict && subnet.range.isGateway(requested))) {
      throw new ApiError('EndPoint.2042', `port_ip ${requested} is used by another endpoint, a load balancer or the gateway in subnet ${subnetId}`);
    }
    return requested;
  }
  const taken = addresses.taken(subnetId);
  const free = subnet ? subnet.range.firstFree(taken, 'bottom') : firstFreeOutsideSubnets(taken);
  if (free === undefined) throw new ApiError('EndPoint.2042', `subnet ${subnetId} has no free address left`);
  return free;
}

function firstFreeOutsideSubnets(taken: Set<string>): string | undefined {
  for (let n = FIRST_ADDRESS; n <= LAST_ADDRESS; n++) {
    const last = n % 256;
    if (last === 0 || last === 255) continue;
    const ip = formatIpv4(n);
    if (!taken.has(ip)) return ip;
  }
  return undefined;
}

/** A random marker no other endpoint has. */
export function newMarkerId(store: EndpointStore, random: Random): number {
  for (;;) {
    const marker = random.int(MARKER_MIN, MARKER_MAX);
    if (!store.isMarkerTaken(marker)) return marker;
  }
}

/** The private domain name of an interface endpoint with enable_dns. */
export function dnsName(endpointId: string, region: string): string {
  return `${endpointId}.vpcep.${region}.otc.t-systems.com`;
}

/** The VPC's default route table: the same id for the same VPC, every time. */
export function defaultRouteTable(vpcId: string): string {
  return stableUuid('default route table', vpcId);
}

/** Statements in the documented spelling; each needs Effect, Action and Resource in either spelling. */
export function normalizePolicy(statements: PolicyStatementInput[]): PolicyStatementView[] {
  return statements.map((s, i) => ({
    Effect: present(s.Effect ?? s.effect, i, 'Effect'),
    Action: present(s.Action ?? s.action, i, 'Action'),
    Resource: present(s.Resource ?? s.resource, i, 'Resource'),
  }));
}

function present<T>(value: T | undefined, index: number, field: string): T {
  if (value === undefined) {
    throw new ApiError('EndPoint.2048', `policy_statement[${index}].${field} is required`);
  }
  return value;
}

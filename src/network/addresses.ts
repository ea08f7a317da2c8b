// The addresses of a subnet: which a subnet hands out (its allocation pool), and which are taken. Two kinds
// of user take one: a load balancer's VIP port and a VPC endpoint. VIPs are handed out from the top of the
// pool and endpoint addresses from the bottom, so that the fixed addresses clients like to pick for an
// endpoint (the gophertelekomcloud tests take the network address + 3) stay free of load balancers.
import type { Db } from '../db/database.js';
import { formatIpv4, lastOf, parseBlock, parseIpv4, type Block } from './ipv4.js';

// OTC reserves the network address and the gateway (.0, .1 of a /24) at the bottom, and the last four
// (.252-.254 for the system, .255 broadcast) at the top: a /24's pool is .2-.251, as its API shows it.
const RESERVED_BELOW = 2;
const RESERVED_ABOVE = 4;

/** The address space of a subnet: its CIDR block and its gateway. */
export class AddressRange {
  private constructor(
    readonly block: Block,
    readonly gateway: number,
  ) {}

  /** The range of a stored subnet (whose cidr and gateway_ip were checked when it was created). */
  static of(subnet: { cidr: string; gateway_ip: string }): AddressRange {
    return new AddressRange(parseBlock(subnet.cidr)!, parseIpv4(subnet.gateway_ip)!);
  }

  /** Whether the address is one a host may have: inside the block, neither its network nor its broadcast address. */
  isHost(address: string): boolean {
    const n = parseIpv4(address);
    return n !== undefined && n > this.block.first && n < lastOf(this.block);
  }

  isGateway(address: string): boolean {
    return parseIpv4(address) === this.gateway;
  }

  /** The allocation pools, as Neutron lists them: the range between the reserved ends, without the gateway. */
  pools(): { start: string; end: string }[] {
    const [low, high] = this.poolEnds();
    const ranges: [number, number][] =
      this.gateway >= low && this.gateway <= high
        ? [
            [low, this.gateway - 1],
            [this.gateway + 1, high],
          ]
        : [[low, high]];
    return ranges.filter(([start, end]) => start <= end).map(([start, end]) => ({ start: formatIpv4(start), end: formatIpv4(end) }));
  }

  /** The first address of the pool nobody has, counting from the bottom or from the top. */
  firstFree(taken: Set<string>, from: 'bottom' | 'top'): string | undefined {
    const [low, high] = this.poolEnds();
    const step = from === 'bottom' ? 1 : -1;
    for (let n = from === 'bottom' ? low : high; n >= low && n <= high; n += step) {
      const address = formatIpv4(n);
      if (n !== this.gateway && !taken.has(address)) return address;
    }
    return undefined;
  }

  private poolEnds(): [number, number] {
    return [this.block.first + RESERVED_BELOW, lastOf(this.block) - RESERVED_ABOVE];
  }
}

/** Who has addresses in a subnet (by its v1 id, the Neutron network id): load balancer VIPs and VPC endpoints. */
export class SubnetAddresses {
  private readonly selectTaken;
  private readonly selectIsTaken;
  private readonly countLoadBalancers;
  private readonly countEndpoints;

  constructor(db: Db) {
    this.selectTaken = db
      .prepare(`
        SELECT vip_address FROM loadbalancers WHERE subnet_id = @subnet
        UNION ALL SELECT ip FROM endpoints WHERE subnet_id = @subnet AND ip IS NOT NULL`)
      .pluck();
    this.selectIsTaken = db
      .prepare(`
        SELECT 1 FROM loadbalancers WHERE subnet_id = @subnet AND vip_address = @ip
        UNION ALL SELECT 1 FROM endpoints WHERE subnet_id = @subnet AND ip = @ip`)
      .pluck();
    this.countLoadBalancers = db.prepare('SELECT COUNT(*) FROM loadbalancers WHERE subnet_id = ?').pluck();
    this.countEndpoints = db.prepare('SELECT COUNT(*) FROM endpoints WHERE subnet_id = ? AND ip IS NOT NULL').pluck();
  }

  taken(subnetId: string): Set<string> {
    return new Set(this.selectTaken.all({ subnet: subnetId }) as string[]);
  }

  isTaken(subnetId: string, ip: string): boolean {
    return this.selectIsTaken.get({ subnet: subnetId, ip }) !== undefined;
  }

  /** Who keeps the subnet from being deleted, if anyone. */
  user(subnetId: string): 'loadbalancer' | 'endpoint' | undefined {
    if ((this.countLoadBalancers.get(subnetId) as number) > 0) return 'loadbalancer';
    if ((this.countEndpoints.get(subnetId) as number) > 0) return 'endpoint';
    return undefined;
  }
}

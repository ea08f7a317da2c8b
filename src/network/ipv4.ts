// IPv4 addresses and CIDR blocks as plain numbers, for the rules of the VPC API (a subnet lies in its
// VPC and overlaps no other subnet), and for the addresses handed out in a subnet (load balancer VIPs,
// VPC endpoint addresses).

/** A CIDR block: its first address as a number and its prefix length. */
export interface Block {
  first: number;
  prefix: number;
}

const DOTTED = /^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$/;

/** The address as a number, or undefined when it is not a dotted IPv4 address. */
export function parseIpv4(text: string): number | undefined {
  if (!DOTTED.test(text)) return undefined;
  return text.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

export function formatIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/**
 * The block of `a.b.c.d/n`, or undefined when the text is not one or has bits set after the prefix
 * (192.168.0.1/24 names an address, not a block).
 */
export function parseBlock(text: string): Block | undefined {
  const match = /^([0-9.]+)\/(3[0-2]|[12]?[0-9])$/.exec(text);
  const first = match ? parseIpv4(match[1]) : undefined;
  if (first === undefined) return undefined;
  const block = { first, prefix: Number(match![2]) };
  return first % sizeOf(block) === 0 ? block : undefined;
}

export function formatBlock(block: Block): string {
  return `${formatIpv4(block.first)}/${block.prefix}`;
}

export function sizeOf(block: Block): number {
  return 2 ** (32 - block.prefix);
}

/** The block's last address (its broadcast address). */
export function lastOf(block: Block): number {
  return block.first + sizeOf(block) - 1;
}

export function holds(block: Block, address: number): boolean {
  return address >= block.first && address <= lastOf(block);
}

/** Whether `inner` lies wholly inside `outer`. */
export function within(inner: Block, outer: Block): boolean {
  return inner.prefix >= outer.prefix && holds(outer, inner.first);
}

export function overlap(a: Block, b: Block): boolean {
  return holds(a, b.first) || holds(b, a.first);
}

/** The private ranges a VPC's CIDR must lie in, each with the longest prefix a VPC may have there. */
export const PRIVATE_RANGES: readonly Block[] = [
  { first: parseIpv4('10.0.0.0')!, prefix: 8 },
  { first: parseIpv4('172.16.0.0')!, prefix: 12 },
  { first: parseIpv4('192.168.0.0')!, prefix: 16 },
];

/** Whether the block lies in one of the private ranges. */
export function isPrivate(block: Block): boolean {
  return PRIVATE_RANGES.some((range) => within(block, range));
}

// IPv4 addresses and CIDR blocks as numbers (src/network/ipv4.ts): what parses, at every octet's limits,
// and the edges of a block.
import t from 'tap';
import { holds, overlap, parseBlock, parseIpv4, within } from '../../src/network/ipv4.js';

t.test('every octet from 0 to 255 parses, in every position; 256 and anything around an address does not', async (t) => {
  for (const octet of [0, 9, 10, 99, 100, 199, 200, 249, 250, 255]) {
    t.equal(parseIpv4(`${octet}.0.0.0`), octet * 2 ** 24, `${octet} first`);
    t.equal(parseIpv4(`0.0.0.${octet}`), octet, `${octet} last`);
  }
  t.equal(parseIpv4('255.255.255.255'), 2 ** 32 - 1);
  for (const text of ['256.0.0.0', '0.0.0.256', '260.1.1.1', '1.2.3.300', 'x1.2.3.4', '1.2.3.4x', '01.2.3.4', '1.2.3', '1.2.3.4.5', '']) {
    t.equal(parseIpv4(text), undefined, JSON.stringify(text));
  }
});

t.test('a block is an address with a prefix of 0 to 32 and no bits set after it', async (t) => {
  t.same(parseBlock('10.0.0.0/8'), { first: 10 * 2 ** 24, prefix: 8 });
  t.same(parseBlock('0.0.0.0/0'), { first: 0, prefix: 0 });
  for (const prefix of [30, 31, 32]) t.same(parseBlock(`10.0.0.0/${prefix}`), { first: 10 * 2 ** 24, prefix }, `/${prefix}`);
  for (const text of ['10.0.0.0/33', '10.0.0.0/245', '10.0.0.0/', '10.0.0.1/24', '10.0.0.0/24x', '300.0.0.0/8', '10.0.0.0']) {
    t.equal(parseBlock(text), undefined, text);
  }
});

t.test('a block holds its first and its last address, and nothing outside', async (t) => {
  const block = parseBlock('192.168.1.0/24')!;
  t.ok(holds(block, parseIpv4('192.168.1.0')!));
  t.ok(holds(block, parseIpv4('192.168.1.255')!), 'the broadcast address is in the block');
  t.notOk(holds(block, parseIpv4('192.168.0.255')!));
  t.notOk(holds(block, parseIpv4('192.168.2.0')!));
  t.ok(within(parseBlock('192.168.1.255/32')!, block), 'a /32 at the top lies within');
  t.ok(overlap(block, parseBlock('192.168.1.255/32')!), 'and overlaps');
  t.notOk(overlap(block, parseBlock('192.168.2.0/24')!), 'the next block does not');
});

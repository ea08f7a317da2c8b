// Which address an endpoint gets when it asks for none: the first free one, never a network or broadcast
// address, moving on to the next block when one is full; in a known subnet, only from its pool.
import t from 'tap';
import type { SubnetAddresses } from '../../src/network/addresses.js';
import { AddressRange } from '../../src/network/addresses.js';
import { claimAddress } from '../../src/endpoints/network.js';
import { build, call } from '../helper.js';
import { availableService, createEndpoint, endpointBecomes } from './helper.js';

const SUBNET = '61881173-3899-4981-a700-170253d469b6';

/** Addresses taken in the subnet: 192.168.B.1-254 for the blocks B given. */
function takenIn(...blocks: number[]): SubnetAddresses {
  const taken = new Set(blocks.flatMap((b) => Array.from({ length: 254 }, (_, i) => `192.168.${b}.${i + 1}`)));
  return { taken: () => new Set(taken), isTaken: (_subnet: string, ip: string) => taken.has(ip) } as unknown as SubnetAddresses;
}

t.test('outside known subnets: from 192.168.0.2 up, skipping .0 and .255 of every block', async (t) => {
  t.equal(claimAddress(takenIn(), SUBNET, undefined), '192.168.0.2', 'the first one');
  t.equal(claimAddress(takenIn(0), SUBNET, undefined), '192.168.1.1', 'not 192.168.0.255 nor 192.168.1.0');
  t.equal(claimAddress(takenIn(0, 1), SUBNET, undefined), '192.168.2.1', 'and so on, block after block');
  t.equal(claimAddress(takenIn(0, 1, 2, 254), SUBNET, undefined), '192.168.3.1');
});

t.test('outside known subnets: when every block is full, the subnet has no free address left', async (t) => {
  const full = takenIn(...Array.from({ length: 256 }, (_, b) => b));
  t.throws(() => claimAddress(full, SUBNET, undefined), {
    code: 'EndPoint.2042',
    message: `subnet ${SUBNET} has no free address left`,
  });
});

t.test('in a known subnet: only its pool, never the network, the gateway, the reserved top or the broadcast', async (t) => {
  const subnet = { strict: true, cidr: '10.0.0.0/28', range: AddressRange.of({ cidr: '10.0.0.0/28', gateway_ip: '10.0.0.1' }) };
  const taken = new Set<string>();
  const addresses = { taken: () => new Set(taken), isTaken: (_s: string, ip: string) => taken.has(ip) } as unknown as SubnetAddresses;
  const handedOut = [];
  for (;;) {
    let ip: string;
    try {
      ip = claimAddress(addresses, SUBNET, undefined, subnet as any);
    } catch (err) {
      t.match(err, { code: 'EndPoint.2042', message: /no free address left/ }, 'then none is left');
      break;
    }
    handedOut.push(ip);
    taken.add(ip);
  }
  t.same(handedOut, Array.from({ length: 10 }, (_, i) => `10.0.0.${i + 2}`), '.2 to .11: not .0, .1, .12-.14 or .15');
});

t.test('over the API: with 192.168.0.2-254 taken, the next endpoint gets 192.168.1.1', async (t) => {
  const app = await build(t, { quotaEndpoints: 300 });
  const service = await availableService(app, { approval_enabled: false });
  for (let last = 2; last <= 254; last++) {
    const res = await call(app, 'POST', '/vpc-endpoints', {
      endpoint_service_id: service.id,
      vpc_id: 'd7b2bf07-1b4c-43fa-bd88-d80c6ebea140',
      subnet_id: SUBNET,
      port_ip: `192.168.0.${last}`,
    });
    if (res.status !== 200) throw new Error(`endpoint at 192.168.0.${last}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const next = await createEndpoint(app, service.id, { subnet_id: SUBNET });
  t.equal((await endpointBecomes(app, next.id, 'accepted')).ip, '192.168.1.1');
});

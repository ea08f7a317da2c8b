// A subnet's allocation pool around its gateway, wherever the gateway lies (src/network/addresses.ts),
// and the first free address it hands out from either end.
import t from 'tap';
import { AddressRange } from '../../src/network/addresses.js';

const range = (gateway: string) => AddressRange.of({ cidr: '192.168.5.0/24', gateway_ip: `192.168.5.${gateway}` });
const pool = (start: number, end: number) => ({ start: `192.168.5.${start}`, end: `192.168.5.${end}` });

t.test('the pool is .2-.251 of a /24, cut around a gateway inside it', async (t) => {
  const cases: [string, object[]][] = [
    ['1', [pool(2, 251)]],
    ['254', [pool(2, 251)]],
    ['100', [pool(2, 99), pool(101, 251)]],
    ['2', [pool(3, 251)]],
    ['3', [pool(2, 2), pool(4, 251)]],
    ['250', [pool(2, 249), pool(251, 251)]],
    ['251', [pool(2, 250)]],
  ];
  for (const [gateway, pools] of cases) t.same(range(gateway).pools(), pools, `gateway .${gateway}`);
});

t.test('the first free address from either end skips the gateway and what is taken', async (t) => {
  t.equal(range('2').firstFree(new Set(), 'bottom'), '192.168.5.3');
  t.equal(range('251').firstFree(new Set(), 'top'), '192.168.5.250');
  t.equal(range('1').firstFree(new Set(['192.168.5.2', '192.168.5.3']), 'bottom'), '192.168.5.4');
  t.equal(range('1').firstFree(new Set(['192.168.5.251']), 'top'), '192.168.5.250');
  const all = new Set(Array.from({ length: 250 }, (_, i) => `192.168.5.${i + 2}`));
  t.equal(range('1').firstFree(all, 'bottom'), undefined, 'none left');
});

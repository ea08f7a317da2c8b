// The real random source, as the default configuration uses it (tests elsewhere pass their own).
import t from 'tap';
import { cryptoRandom } from '../src/runtime/random.js';
import { build, createService } from './helper.js';

t.test('fraction() is in [0, 1) and not constant', async (t) => {
  const draws = Array.from({ length: 2000 }, () => cryptoRandom.fraction());
  t.ok(draws.every((x) => x >= 0 && x < 1), 'every draw is in [0, 1)');
  t.ok(new Set(draws).size > 1900, 'draws differ');
  t.ok(draws.some((x) => x < 0.25) && draws.some((x) => x >= 0.75), 'draws spread over the interval');
});

t.test('a create with the default 60s-120s delay range succeeds (it draws its due time)', async (t) => {
  const app = await build(t, { delay: { kind: 'range', minMs: 60_000, maxMs: 120_000 } }, { random: cryptoRandom });
  const service = await createService(app);
  t.equal(service.status, 'creating');
});

// Memory given back when the emulator goes quiet: a full collection after requests stop, only when the heap
// grew, never while requests keep coming.
import t from 'tap';
import { EventEmitter } from 'node:events';
import { mock } from 'node:test';
import { getHeapStatistics } from 'node:v8';
import { pino } from 'pino';
import { collectFully, collectWhenIdle, startIdleCollector } from '../src/idle-collector.js';
import { build, eventually } from './helper.js';

const MB = 2 ** 20;

/** A collector on a fake server and heap; `collect` by default leaves the heap at 20 MB. */
function setup(t: any, heapMb: number, collect = (heap: { mb: number }) => void (heap.mb = 20)) {
  mock.timers.enable({ apis: ['setTimeout'] });
  t.teardown(() => mock.timers.reset());
  const server = new EventEmitter();
  const heap = { mb: heapMb };
  const collections: Array<{ beforeBytes: number; afterBytes: number }> = [];
  const failures: unknown[] = [];
  const stop = startIdleCollector(server, {
    quietMs: 100,
    growthBytes: 16 * MB,
    heapBytes: () => heap.mb * MB,
    collect: () => collect(heap),
    onCollected: ({ beforeBytes, afterBytes }) => collections.push({ beforeBytes, afterBytes }),
    onFailed: (err) => failures.push(err),
  });
  t.teardown(stop);
  const request = () => server.emit('request');
  return { server, heap, collections, failures, request, tick: (ms: number) => mock.timers.tick(ms), stop };
}

t.test('collects once the requests stop, when the heap grew by the threshold', async (t) => {
  const { heap, collections, request, tick } = setup(t, 20);
  request();
  heap.mb = 36;
  tick(99);
  t.same(collections, [], 'not before the quiet time has passed');
  tick(1);
  t.same(collections, [{ beforeBytes: 36 * MB, afterBytes: 20 * MB }], 'then one collection, reported');
  tick(1000);
  t.equal(collections.length, 1, 'and no other while nothing happens');
});

t.test('never while requests keep coming', async (t) => {
  const { heap, collections, request, tick } = setup(t, 20);
  heap.mb = 100;
  for (let i = 0; i < 50; i++) {
    request();
    tick(60); // a request every 60 ms: never 100 ms of quiet
  }
  t.same(collections, [], 'not during the burst');
  tick(200);
  t.equal(collections.length, 1, 'at the first quiet moment after it');
});

t.test('a heap that grew less than the threshold is left alone, and its growth still counts later', async (t) => {
  const { heap, collections, request, tick } = setup(t, 20);
  request();
  heap.mb = 35;
  tick(500);
  t.same(collections, [], '15 MB of growth: no collection');
  request();
  heap.mb = 36;
  tick(500);
  t.equal(collections.length, 1, 'measured from the last collection (or the start), not from the last check');
});

t.test('a heap that grew without requests is not watched', async (t) => {
  const { heap, collections, tick } = setup(t, 20);
  heap.mb = 100;
  tick(10_000);
  t.same(collections, [], 'no timer runs until a request comes');
});

t.test('stopping removes the listener and the timer', async (t) => {
  const { server, heap, collections, request, tick, stop } = setup(t, 20);
  request();
  heap.mb = 100;
  stop();
  tick(1000);
  t.same(collections, [], 'the armed check does not run');
  t.equal(server.listenerCount('request'), 0, 'no listener left on the server');
});

t.test('a collection that fails stops the collector and is reported, the server goes on', async (t) => {
  let attempts = 0;
  const { server, heap, failures, request, tick } = setup(t, 20, () => {
    attempts++;
    throw new Error('no gc here');
  });
  request();
  heap.mb = 40;
  tick(100);
  t.equal(attempts, 1);
  t.match(failures, [{ message: 'no gc here' }], 'the failure is reported, not thrown');
  t.equal(server.listenerCount('request'), 0, 'and the collector is off');
});

t.test("the emulator's HTTP server: requests over the network count, a collection is logged at debug", async (t) => {
  const lines: Array<Record<string, unknown>> = [];
  const app = await build(t, {}, { logger: pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) }) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const heap = { mb: 20 };
  const stop = collectWhenIdle(app, { quietMs: 20, heapBytes: () => heap.mb * MB, collect: () => void (heap.mb = 21) });
  t.teardown(stop);
  heap.mb = 40;
  const health = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/_emulator/health`;
  t.equal((await fetch(health)).status, 200);
  const line = await eventually('the collection', async () => lines.find((l) => l.msg === 'idle: memory collected'));
  t.match(line, { level: 20, heap_mb_before: 40, heap_mb_after: 21, ms: Number });
  stop();

  const failing = collectWhenIdle(app, {
    quietMs: 20,
    heapBytes: () => heap.mb * MB,
    collect: () => {
      throw new Error('no gc here');
    },
  });
  t.teardown(failing);
  heap.mb = 60;
  await fetch(health);
  const warning = await eventually('the failure', async () => lines.find((l) => l.msg === 'idle: memory collection failed; the emulator goes on without it'));
  t.match(warning, { level: 40, err: { message: 'no gc here' } });
});

t.test('the full collection frees the garbage of the heap', async (t) => {
  let garbage: unknown[] | undefined = Array.from({ length: 200_000 }, (_, i) => ({ i, text: `garbage ${i}` }));
  const before = getHeapStatistics().used_heap_size;
  t.ok(garbage.length > 0);
  garbage = undefined;
  collectFully();
  const after = getHeapStatistics().used_heap_size;
  t.ok(before - after > 10 * MB, `the heap in use shrank by more than 10 MB (${Math.round((before - after) / MB)} MB)`);
});

// The scheduler: due times from VPCEP_DELAY, one pending transition per resource, batches, failures.
import t from 'tap';
import { pino } from 'pino';
import { EmulatorClock, systemClock, type Clock } from '../src/runtime/clock.js';
import type { DelaySpec } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { writer } from '../src/db/write.js';
import { ChangeFeed } from '../src/runtime/changes.js';
import { cryptoRandom } from '../src/runtime/random.js';
import { Scheduler, type Transition } from '../src/runtime/scheduler.js';
import { eventually, manualClock } from './helper.js';

const silent = pino({ level: 'silent' });

/** A transition named `becomes` that runs `run`, with the delay of the test. */
const transition = (spec: DelaySpec, run: (id: string) => void): Transition => ({
  run,
  spec,
  setting: 'VPCEP_DELAY',
  becomes: 'done',
});

function setup(t: any, delay: DelaySpec, clock: Clock = systemClock, fraction?: () => number) {
  const db = openDatabase(':memory:');
  const random = fraction ? { ...cryptoRandom, fraction } : cryptoRandom;
  const write = writer(db, new ChangeFeed(() => {}));
  const scheduler = new Scheduler(db, write, new EmulatorClock(clock), silent, random);
  const ran: string[] = [];
  scheduler.on('test.run', transition(delay, (id) => void ran.push(id)));
  t.teardown(() => {
    scheduler.stop();
    db.close();
  });
  const dueAt = (id: string) =>
    db.prepare('SELECT due_at FROM pending_transitions WHERE resource_id = ?').pluck().get(id);
  const pending = () => db.prepare('SELECT COUNT(*) FROM pending_transitions').pluck().get() as number;
  return { db, scheduler, ran, dueAt, pending, delay };
}

t.test('a range delay picks a due time inside the range', async (t) => {
  const clock = manualClock(1_000_000);
  const { scheduler, dueAt } = setup(t, { kind: 'range', minMs: 60_000, maxMs: 120_000 }, clock, () => 0.25);
  scheduler.schedule('r1', 'test.run');
  t.equal(dueAt('r1'), 1_000_000 + 60_000 + 15_000);
});

t.test('with the real random source, due times spread inside the range', async (t) => {
  const clock = manualClock(1_000_000);
  const { scheduler, dueAt } = setup(t, { kind: 'range', minMs: 60_000, maxMs: 120_000 }, clock);
  const due = Array.from({ length: 200 }, (_, i) => {
    scheduler.schedule(`r${i}`, 'test.run');
    return (dueAt(`r${i}`) as number) - 1_000_000;
  });
  t.ok(due.every((ms) => ms >= 60_000 && ms <= 120_000), 'every one inside');
  t.ok(new Set(due).size > 100, 'and they differ');
});

t.test('a fixed delay is added to the clock', async (t) => {
  const clock = manualClock(5_000);
  const { scheduler, dueAt } = setup(t, { kind: 'fixed', ms: 2000 }, clock);
  scheduler.schedule('r1', 'test.run');
  t.equal(dueAt('r1'), 7_000);
});

t.test('manual transitions have no due time and never run by themselves', async (t) => {
  const { scheduler, ran, dueAt } = setup(t, { kind: 'manual' });
  scheduler.start();
  scheduler.schedule('r1', 'test.run');
  t.equal(dueAt('r1'), null);
  await new Promise((r) => setTimeout(r, 50));
  t.same(ran, []);
});

t.test('transitions run once they are due, and not before', async (t) => {
  const { scheduler, ran, pending } = setup(t, { kind: 'fixed', ms: 60 });
  scheduler.start();
  scheduler.schedule('r1', 'test.run');
  await new Promise((r) => setTimeout(r, 20));
  t.same(ran, [], 'not yet due');
  await eventually(async () => ran.length === 1);
  t.same(ran, ['r1']);
  t.equal(pending(), 0, 'a transition that ran is no longer pending');
});

t.test('scheduling again replaces what was pending', async (t) => {
  const { scheduler, ran, pending, delay } = setup(t, { kind: 'fixed', ms: 0 });
  const other: string[] = [];
  scheduler.on('test.other', transition(delay, (id) => void other.push(id)));
  scheduler.schedule('r1', 'test.run');
  scheduler.schedule('r1', 'test.other');
  t.equal(pending(), 1);
  scheduler.start();
  await eventually(async () => other.length === 1);
  t.same(other, ['r1']);
  t.same(ran, []);
});

t.test('an action must be registered once before it is scheduled', async (t) => {
  const { scheduler, delay } = setup(t, { kind: 'fixed', ms: 0 });
  t.throws(() => scheduler.schedule('r1', 'test.unknown'), /no handler/);
  t.throws(() => scheduler.on('test.run', transition(delay, () => {})), /registered twice/);
});

t.test('a backlog larger than one batch all runs', async (t) => {
  const { scheduler, ran, pending } = setup(t, { kind: 'fixed', ms: 0 });
  for (let i = 0; i < 1234; i++) scheduler.schedule(`r${i}`, 'test.run');
  scheduler.start();
  await eventually(async () => ran.length === 1234);
  t.equal(ran.length, 1234);
  t.equal(new Set(ran).size, 1234, 'each ran once');
  t.equal(pending(), 0);
});

t.test('a failing transition is dropped without blocking the others', async (t) => {
  const { scheduler, ran, pending, delay } = setup(t, { kind: 'fixed', ms: 0 });
  scheduler.on(
    'test.fail',
    transition(delay, () => {
      throw new Error('boom');
    }),
  );
  scheduler.schedule('bad', 'test.fail');
  scheduler.schedule('good', 'test.run');
  scheduler.start();
  await eventually(async () => ran.length === 1);
  t.same(ran, ['good']);
  await eventually(async () => pending() === 0);
  t.equal(pending(), 0);
});

t.test('a hundred thousand pending transitions do not hold up the one that is due', async (t) => {
  const { db, scheduler, ran } = setup(t, { kind: 'fixed', ms: 0 });
  const insert = db.prepare('INSERT INTO pending_transitions (resource_id, action, due_at) VALUES (?, ?, ?)');
  const later = Date.now() + 3_600_000;
  db.transaction(() => {
    for (let i = 0; i < 100_000; i++) insert.run(`later-${i}`, 'test.run', later + i);
  })();
  scheduler.start();
  scheduler.schedule('now', 'test.run');
  await eventually(async () => ran.length === 1);
  t.same(ran, ['now'], 'only the due transition ran');
  const plan = db
    .prepare('EXPLAIN QUERY PLAN SELECT resource_id, action FROM pending_transitions WHERE due_at <= ? ORDER BY due_at LIMIT 500')
    .all(Date.now()) as { detail: string }[];
  t.match(plan.map((p) => p.detail).join('\n'), /pending_transitions_due/, 'due transitions are found by index');
});

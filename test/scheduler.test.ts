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
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { mock } from 'node:test';
import { eventually, manualClock } from './helper.js';

const silent = pino({ level: 'silent' });

/** A transition named `becomes` that runs `run`, with the delay of the test. */
const transition = (spec: DelaySpec, run: (id: string) => void): Transition => ({
  run,
  spec,
  setting: 'VPCEP_DELAY',
  becomes: 'done',
});

function setup(t: any, delay: DelaySpec, clock: Clock = systemClock, fraction?: () => number, log = silent, path = ':memory:') {
  const db = openDatabase(path);
  const random = fraction ? { ...cryptoRandom, fraction } : cryptoRandom;
  const write = writer(db, new ChangeFeed(() => {}));
  const scheduler = new Scheduler(db, write, new EmulatorClock(clock), log, random);
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

/**
 * setTimeout under the test's control (node:test's mock timers), for the scheduler's one timer: tick(ms)
 * runs what falls due in that time at once. The test moves its manual clock by the same amount.
 */
function virtualTimers(t: any) {
  mock.timers.enable({ apis: ['setTimeout'] });
  t.teardown(() => mock.timers.reset());
  return { tick: (ms: number) => mock.timers.tick(ms) };
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
  const timers = virtualTimers(t);
  const clock = manualClock(1_000_000);
  const { scheduler, ran, dueAt } = setup(t, { kind: 'manual' }, clock);
  scheduler.start();
  scheduler.schedule('r1', 'test.run');
  t.equal(dueAt('r1'), null);
  clock.advance(86_400_000);
  timers.tick(86_400_000);
  t.same(ran, [], 'a day later it has not run');
});

t.test('transitions run once they are due, and not before', async (t) => {
  const timers = virtualTimers(t);
  const clock = manualClock(1_000_000);
  const { scheduler, ran, pending } = setup(t, { kind: 'fixed', ms: 60_000 }, clock);
  scheduler.start();
  scheduler.schedule('r1', 'test.run');
  clock.advance(59_999);
  timers.tick(59_999);
  t.same(ran, [], 'not yet due one millisecond before');
  clock.advance(1);
  timers.tick(1);
  t.same(ran, ['r1'], 'run when due');
  t.equal(pending(), 0, 'a transition that ran is no longer pending');
});

t.test('the earliest due transition runs on time while later ones keep being scheduled', async (t) => {
  // A steady stream of creates, one every 10 s, each due a minute later: the timer must stay armed for
  // the earliest, not move on to the latest (which would hold every resource until the stream stops).
  const timers = virtualTimers(t);
  const clock = manualClock(1_000_000);
  const { scheduler, ran } = setup(t, { kind: 'fixed', ms: 60_000 }, clock);
  scheduler.start();
  for (let i = 0; i <= 12; i++) {
    scheduler.schedule(`r${i}`, 'test.run');
    t.same(ran, Array.from({ length: Math.max(0, i - 5) }, (_, k) => `r${k}`), `at ${i * 10} s`);
    clock.advance(10_000);
    timers.tick(10_000);
  }
  t.same(ran.slice(0, 3), ['r0', 'r1', 'r2'], 'each ran a minute after it was scheduled');
});

t.test('a transition scheduled earlier than the armed one moves the timer forward', async (t) => {
  const timers = virtualTimers(t);
  const clock = manualClock(1_000_000);
  const { scheduler, ran } = setup(t, { kind: 'fixed', ms: 3_600_000 }, clock);
  const quick: string[] = [];
  scheduler.on('test.quick', transition({ kind: 'fixed', ms: 1_000 }, (id) => void quick.push(id)));
  scheduler.start();
  scheduler.schedule('slow', 'test.run');
  scheduler.schedule('fast', 'test.quick');
  clock.advance(1_000);
  timers.tick(1_000);
  t.same(quick, ['fast'], 'the later-scheduled but earlier-due one ran on time');
  t.same(ran, [], 'the hour-long one waits');
});

t.test('scheduling again replaces what was pending', async (t) => {
  const timers = virtualTimers(t);
  const { scheduler, ran, pending, delay } = setup(t, { kind: 'fixed', ms: 0 }, manualClock());
  const other: string[] = [];
  scheduler.on('test.other', transition(delay, (id) => void other.push(id)));
  scheduler.schedule('r1', 'test.run');
  scheduler.schedule('r1', 'test.other');
  t.equal(pending(), 1);
  scheduler.start();
  timers.tick(0);
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
  // Batches follow each other on the real event loop (setImmediate), as soon as the one before is done.
  await eventually('1234 transitions ran', async () => ran.length === 1234);
  t.equal(new Set(ran).size, 1234, 'each ran once');
  t.equal(pending(), 0);
});

t.test('a failing transition is dropped without blocking the others', async (t) => {
  const timers = virtualTimers(t);
  const { scheduler, ran, pending, delay } = setup(t, { kind: 'fixed', ms: 0 }, manualClock());
  scheduler.on(
    'test.fail',
    transition(delay, () => {
      throw new Error('boom');
    }),
  );
  scheduler.schedule('bad', 'test.fail');
  scheduler.schedule('good', 'test.run');
  scheduler.start();
  timers.tick(0);
  t.same(ran, ['good']);
  t.equal(pending(), 0, 'the failed one is not pending any more');
});

t.test('a hundred thousand pending transitions do not hold up the one that is due', async (t) => {
  const timers = virtualTimers(t);
  const clock = manualClock(1_000_000);
  const { db, scheduler, ran } = setup(t, { kind: 'fixed', ms: 0 }, clock);
  const insert = db.prepare('INSERT INTO pending_transitions (resource_id, action, due_at) VALUES (?, ?, ?)');
  const later = clock.now() + 3_600_000;
  db.transaction(() => {
    for (let i = 0; i < 100_000; i++) insert.run(`later-${i}`, 'test.run', later + i);
  })();
  scheduler.start();
  scheduler.schedule('now', 'test.run');
  timers.tick(0);
  t.same(ran, ['now'], 'only the due transition ran');
  const plan = db
    .prepare('EXPLAIN QUERY PLAN SELECT resource_id, action FROM pending_transitions WHERE due_at <= ? ORDER BY due_at LIMIT 500')
    .all(clock.now()) as { detail: string }[];
  t.match(plan.map((p) => p.detail).join('\n'), /pending_transitions_due/, 'due transitions are found by index');
});

t.test('a stopped scheduler runs nothing, even what it armed for; started again, it runs what fell due', async (t) => {
  const timers = virtualTimers(t);
  const clock = manualClock(1_000_000);
  const { scheduler, ran } = setup(t, { kind: 'fixed', ms: 60_000 }, clock);
  scheduler.start();
  scheduler.schedule('armed', 'test.run');
  scheduler.stop();
  scheduler.schedule('later', 'test.run');
  clock.advance(120_000);
  timers.tick(120_000);
  t.same(ran, [], 'nothing ran while stopped');
  scheduler.start();
  timers.tick(0);
  t.same(ran, ['armed', 'later'], 'both ran once started, in due order');
});

t.test('a scheduler not started yet runs nothing, whatever falls due', async (t) => {
  const timers = virtualTimers(t);
  const clock = manualClock(1_000_000);
  const { scheduler, ran } = setup(t, { kind: 'fixed', ms: 60_000 }, clock);
  scheduler.schedule('early', 'test.run');
  clock.advance(120_000);
  timers.tick(120_000);
  t.same(ran, [], 'not before start()');
  scheduler.start();
  timers.tick(0);
  t.same(ran, ['early']);
});

t.test('a cancelled transition is forgotten and never runs', async (t) => {
  const timers = virtualTimers(t);
  const clock = manualClock(1_000_000);
  const { scheduler, ran, pending } = setup(t, { kind: 'fixed', ms: 60_000 }, clock);
  scheduler.start();
  scheduler.schedule('kept', 'test.run');
  scheduler.schedule('cancelled', 'test.run');
  scheduler.cancel('cancelled');
  t.equal(pending(), 1);
  t.equal(scheduler.pendingFor('cancelled'), undefined);
  clock.advance(60_000);
  timers.tick(60_000);
  t.same(ran, ['kept']);
  t.same(await scheduler.settle('cancelled'), [], 'settling it finds nothing to do');
});

t.test('settle answers the resources it moved, and only those', async (t) => {
  const { scheduler, ran } = setup(t, { kind: 'manual' }, manualClock());
  scheduler.schedule('a', 'test.run');
  scheduler.schedule('b', 'test.run');
  t.same(await scheduler.settle('nothing-pending'), [], 'nothing pending: nothing moved');
  t.same(await scheduler.settle('b'), ['b']);
  t.same(await scheduler.settle(), ['a']);
  t.same(ran, ['b', 'a']);
});

t.test('settling a backlog larger than one batch yields to other work between batches', async (t) => {
  const { scheduler, ran, pending } = setup(t, { kind: 'manual' }, manualClock());
  for (let i = 0; i < 1234; i++) scheduler.schedule(`r${i}`, 'test.run');
  const settled = scheduler.settle();
  let ranWhenOtherWorkCame = -1;
  setImmediate(() => (ranWhenOtherWorkCame = ran.length));
  t.equal((await settled).length, 1234, 'every one settled');
  t.equal(pending(), 0);
  t.ok(ranWhenOtherWorkCame > 0 && ranWhenOtherWorkCame < 1234, `other work ran between batches (after ${ranWhenOtherWorkCame})`);
});

t.test('a backlog run by the timer stops between batches when the scheduler stops', async (t) => {
  const timers = virtualTimers(t);
  const { scheduler, ran, delay } = setup(t, { kind: 'fixed', ms: 0 }, manualClock());
  // Each transition takes at least 0.25 ms, so a batch of 500 outlasts the timer's slice of work (100 ms)
  // and the slice ends after its first batch, whatever the machine's speed.
  scheduler.on('test.slow', transition(delay, (id) => {
    const until = performance.now() + 0.25;
    while (performance.now() < until);
    ran.push(id);
  }));
  for (let i = 0; i < 1234; i++) scheduler.schedule(`r${i}`, 'test.slow');
  scheduler.start();
  timers.tick(0);
  t.equal(ran.length, 500, 'the first batch ran');
  scheduler.stop();
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  t.equal(ran.length, 500, 'no further batch after stop()');
});

t.test('a backlog worked off by the timer checkpoints the log once, at its end', async (t) => {
  const timers = virtualTimers(t);
  const path = join(t.testdir(), 'backlog.db');
  const { db, scheduler, ran, delay } = setup(t, { kind: 'fixed', ms: 0 }, manualClock(), undefined, silent, path);
  const autocheckpoint = () => db.pragma('wal_autocheckpoint', { simple: true });
  const logBytes = () => statSync(`${path}-wal`).size;
  // Slow transitions (see above): the first slice ends after one batch, so the backlog takes three.
  scheduler.on('test.slow', transition(delay, (id) => {
    const until = performance.now() + 0.25;
    while (performance.now() < until);
    ran.push(id);
  }));
  for (let i = 0; i < 1234; i++) scheduler.schedule(`r${i}`, 'test.slow');
  scheduler.start();
  timers.tick(0);
  t.equal(ran.length, 500, 'the first slice ran one batch');
  t.equal(autocheckpoint(), 0, 'checkpoints wait while the backlog lasts');
  t.ok(logBytes() > 0, 'the committed slices are in the log');
  for (let i = 0; i < 20 && ran.length < 1234; i++) await new Promise((resolve) => setImmediate(resolve));
  t.equal(ran.length, 1234, 'the whole backlog ran');
  t.equal(autocheckpoint(), 10_000, 'checkpoints are automatic again');
  t.equal(logBytes(), 0, 'the log was copied into the database and cut back');
});

t.test('stopping in the middle of a backlog runs its deferred checkpoint', async (t) => {
  const timers = virtualTimers(t);
  const path = join(t.testdir(), 'stopped.db');
  const { db, scheduler, ran, delay } = setup(t, { kind: 'fixed', ms: 0 }, manualClock(), undefined, silent, path);
  scheduler.on('test.slow', transition(delay, (id) => {
    const until = performance.now() + 0.25;
    while (performance.now() < until);
    ran.push(id);
  }));
  for (let i = 0; i < 1234; i++) scheduler.schedule(`r${i}`, 'test.slow');
  scheduler.start();
  timers.tick(0);
  t.equal(db.pragma('wal_autocheckpoint', { simple: true }), 0);
  scheduler.stop();
  t.equal(db.pragma('wal_autocheckpoint', { simple: true }), 10_000);
  t.equal(statSync(`${path}-wal`).size, 0);
});

t.test('a failing transition is logged with its error and the transition', async (t) => {
  const timers = virtualTimers(t);
  const lines: any[] = [];
  const log = pino({ level: 'error' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const { scheduler, delay } = setup(t, { kind: 'fixed', ms: 0 }, manualClock(), undefined, log);
  scheduler.on('test.fail', transition(delay, () => {
    throw new Error('boom');
  }));
  scheduler.schedule('bad', 'test.fail');
  scheduler.start();
  timers.tick(0);
  t.equal(lines.length, 1);
  t.match(lines[0], { msg: 'transition failed', err: { message: 'boom' }, transition: { resource_id: 'bad', action: 'test.fail' } });
});

t.test('the clock moves only forward, and says so only when it moves', async (t) => {
  const moves: number[] = [];
  const base = manualClock(1_000_000);
  const clock = new EmulatorClock(base, 0, (offset) => void moves.push(offset));
  clock.moveTo(1_060_000);
  t.equal(clock.now(), 1_060_000);
  clock.moveTo(1_000_000);
  t.equal(clock.now(), 1_060_000, 'a time already passed leaves it where it is');
  clock.moveTo(1_060_000);
  t.same(moves, [60_000], 'told once: moving to now or the past is no move');
  t.equal(clock.offset, 60_000);
});

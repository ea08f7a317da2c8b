// The one scheduler behind every asynchronous state change.
//
// Due times live in the pending_transitions table, so they survive a restart, and a transition that fell
// due while the emulator was down runs as soon as it starts. A single timer is armed for the earliest
// due time; there is no timer per resource and no polling. Due transitions run in bounded batches that
// yield to the event loop in between, so a backlog of thousands never stalls requests.
//
// Besides the timer, the test-control API drives it: settle() completes what is pending now, whatever
// the delay (manual included); advance() moves the clock forward and runs every transition that falls
// due on the way, each at its own due time, in order.
import type { Logger } from 'pino';
import { deferCheckpoints, type Db } from '../db/database.js';
import type { Write } from '../db/write.js';
import type { EmulatorClock } from './clock.js';
import type { Random } from './random.js';

/** How long a transition takes (see config.ts). */
export type DelaySpec =
  | { kind: 'fixed'; ms: number }
  | { kind: 'range'; minMs: number; maxMs: number }
  | { kind: 'manual' };

/** How long a kind of transition takes, and the setting that says so. */
export interface Delay {
  spec: DelaySpec;
  /** e.g. VPCEP_DELAY_SERVICE_CREATE, to explain a wait. */
  setting: string;
}

export interface Transition extends Delay {
  /** Applies the transition to one resource, inside the scheduler's write. */
  run: (resourceId: string) => void;
  /** What the resource becomes, in words, e.g. "available". */
  becomes: string;
}

export interface PendingTransition {
  resource_id: string;
  action: string;
  /** null: it waits to be settled (a manual delay). */
  due_at: number | null;
}

const BATCH_SIZE = 500;
// How long the timer keeps applying overdue batches in one write before it lets requests in. Only a backlog
// (a restart's overdue transitions, a clock moved far ahead) fills a slice; every commit of one rewrites pages
// all over the tables (ids are random), so longer slices mean fewer copies of the same pages: 100 ms settled
// 100,000 transitions in half the time and a third of the log that 25 ms slices took.
const SLICE_MS = 100;
// setTimeout cannot wait longer than this (about 24.8 days); a longer wait is re-armed on wake-up.
const MAX_TIMER_MS = 2 ** 31 - 1;
// Settling order: by due time, then the manual ones, each group in the order it was scheduled.
const IN_SETTLING_ORDER = 'ORDER BY due_at IS NULL, due_at, rowid';

export class Scheduler {
  private readonly transitions = new Map<string, Transition>();
  private timer: NodeJS.Timeout | undefined;
  private armedFor: number | undefined;
  private running = false;
  /** While the timer works off a backlog slice after slice: runs the checkpoint deferred until its end. */
  private endBacklog: (() => void) | undefined;

  private readonly upsert;
  private readonly remove;
  private readonly due;
  private readonly pendingAll;
  private readonly pendingOne;
  private readonly pendingEvery;
  private readonly earliest;

  constructor(
    private readonly db: Db,
    private readonly write: Write,
    private readonly clock: EmulatorClock,
    private readonly log: Logger,
    private readonly random: Random,
  ) {
    this.upsert = db.prepare(
      `INSERT INTO pending_transitions (resource_id, action, due_at) VALUES (?, ?, ?)
       ON CONFLICT (resource_id) DO UPDATE SET action = excluded.action, due_at = excluded.due_at`,
    );
    this.remove = db.prepare('DELETE FROM pending_transitions WHERE resource_id = ?');
    this.due = db.prepare(
      `SELECT resource_id, action, due_at FROM pending_transitions
       WHERE due_at <= ? ORDER BY due_at, rowid LIMIT ${BATCH_SIZE}`,
    );
    this.pendingAll = db.prepare(
      `SELECT resource_id, action, due_at FROM pending_transitions ${IN_SETTLING_ORDER} LIMIT ${BATCH_SIZE}`,
    );
    this.pendingOne = db.prepare('SELECT resource_id, action, due_at FROM pending_transitions WHERE resource_id = ?');
    this.pendingEvery = db.prepare(`SELECT resource_id, action, due_at FROM pending_transitions ${IN_SETTLING_ORDER}`);
    this.earliest = db
      .prepare('SELECT MIN(due_at) FROM pending_transitions WHERE due_at IS NOT NULL')
      .pluck();
  }

  /** Registers what an action does. Each action name belongs to one resource kind. */
  on(action: string, transition: Transition): void {
    if (this.transitions.has(action)) throw new Error(`transition ${action} is registered twice`);
    this.transitions.set(action, transition);
  }

  has(action: string): boolean {
    return this.transitions.has(action);
  }

  /**
   * Records that `action` happens to the resource after its delay, replacing whatever was pending for
   * it. Call it inside the request's write.
   */
  schedule(resourceId: string, action: string): void {
    const transition = this.transitions.get(action);
    if (!transition) throw new Error(`no handler for transition ${action}`);
    const dueAt = this.dueTime(transition.spec);
    this.upsert.run(resourceId, action, dueAt);
    if (dueAt !== null) this.armNoLaterThan(dueAt);
  }

  /** Forgets what was pending for the resource. Call it inside the request's write. */
  cancel(resourceId: string): void {
    this.remove.run(resourceId);
  }

  /** What is pending for the resource, with what it does. */
  pendingFor(resourceId: string): (PendingTransition & { transition: Transition }) | undefined {
    const row = this.pendingOne.get(resourceId) as PendingTransition | undefined;
    return row && this.withTransition(row);
  }

  /** Everything pending, in the order settle() would complete it, with what each does. */
  listPending(): (PendingTransition & { transition: Transition })[] {
    return (this.pendingEvery.all() as PendingTransition[]).map((row) => this.withTransition(row));
  }

  private withTransition(row: PendingTransition): PendingTransition & { transition: Transition } {
    return { ...row, transition: this.transitions.get(row.action)! };
  }

  start(): void {
    this.running = true;
    this.rearm();
  }

  stop(): void {
    this.running = false;
    this.disarm();
    this.endBacklog?.();
    this.endBacklog = undefined;
  }

  /** Arms the timer anew for what the table now holds, after the pending transitions were replaced. */
  rearm(): void {
    this.disarm();
    const next = this.earliest.get() as number | null;
    if (next !== null) this.armNoLaterThan(next);
  }

  /**
   * Completes every pending transition now, or the one of `resourceId`, in due order and whatever the
   * delay. Answers the ids of the resources it moved, in the order it moved them.
   */
  async settle(resourceId?: string): Promise<string[]> {
    if (resourceId !== undefined) {
      const row = this.pendingOne.get(resourceId) as PendingTransition | undefined;
      if (row) this.applyAll([row], false);
      return row ? [row.resource_id] : [];
    }
    return this.drain(() => this.pendingAll.all() as PendingTransition[], false);
  }

  /**
   * Moves the clock forward by `ms`. Every transition due by then runs at its own due time, in due order,
   * so its resource shows that time; the clock then stands exactly `ms` further ahead of real time.
   */
  async advanceBy(ms: number): Promise<string[]> {
    const offset = this.clock.offset + ms;
    const time = this.clock.base.now() + offset;
    const moved = await this.drain(() => this.due.all(time) as PendingTransition[], true);
    this.clock.moveOffsetTo(offset);
    this.rearm();
    return moved;
  }

  private dueTime(delay: DelaySpec): number | null {
    const now = this.clock.now();
    switch (delay.kind) {
      case 'manual':
        return null;
      case 'fixed':
        return now + delay.ms;
      case 'range':
        return now + delay.minMs + Math.round(this.random.fraction() * (delay.maxMs - delay.minMs));
    }
  }

  /** Applies batch after batch until `next` finds no more, yielding to requests in between. */
  private async drain(next: () => PendingTransition[], atDueTimes: boolean): Promise<string[]> {
    const moved: string[] = [];
    for (let rows = next(); rows.length > 0; rows = next()) {
      this.applyAll(rows, atDueTimes);
      moved.push(...rows.map((row) => row.resource_id));
      if (rows.length === BATCH_SIZE) await new Promise((resolve) => setImmediate(resolve));
    }
    return moved;
  }

  /**
   * One write for the batch. With `atDueTimes` the clock first moves forward to each transition's due
   * time (advancing the clock); otherwise everything happens now (settling, or transitions overdue).
   *
   * A batch that is not tied to due times first runs whole, without a SAVEPOINT and RELEASE around each
   * transition; only if one of them fails is it rolled back and run again one savepoint at a time, so
   * that the failing transition alone is dropped. Advancing the clock always goes one at a time: the
   * clock it moves is not rolled back.
   */
  private applyAll(rows: PendingTransition[], atDueTimes: boolean): void {
    if (!atDueTimes) {
      try {
        this.write(() => rows.forEach((row) => this.runNow(row)));
        return;
      } catch {
        // One of them failed: isolate it below.
      }
    }
    this.applyOneByOne(rows, atDueTimes);
  }

  private applyOneByOne(rows: PendingTransition[], atDueTimes: boolean): void {
    this.write(() => {
      for (const row of rows) {
        if (atDueTimes && row.due_at !== null) this.clock.moveTo(row.due_at);
        this.apply(row);
      }
    });
  }

  private runNow(row: PendingTransition): void {
    this.remove.run(row.resource_id);
    this.transitions.get(row.action)!.run(row.resource_id);
  }

  /** One failing transition must not block the others: it is logged and dropped. */
  private apply(row: PendingTransition): void {
    try {
      this.write(() => this.runNow(row));
    } catch (err) {
      this.remove.run(row.resource_id);
      this.log.error({ err, transition: row }, 'transition failed');
    }
  }

  private armNoLaterThan(dueAt: number): void {
    if (!this.running) return;
    if (this.armedFor !== undefined && this.armedFor <= dueAt) return;
    this.disarm();
    const wait = Math.min(Math.max(dueAt - this.clock.now(), 0), MAX_TIMER_MS);
    this.armedFor = dueAt;
    this.timer = setTimeout(() => this.fire(), wait);
    // The timer alone must not keep a process alive: the HTTP server does that while it listens.
    this.timer.unref();
  }

  private disarm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = undefined;
  }

  private fire(): void {
    this.timer = undefined;
    this.armedFor = undefined;
    if (!this.running) return;
    if (this.applyDue(this.clock.now())) {
      this.endBacklog ??= deferCheckpoints(this.db);
      // More may be due: continue after pending I/O so requests are served in between. Not unref'd: an
      // unref'd immediate does not keep the event loop from blocking in its poll, so each further batch
      // would wait for the next request or timer to wake it (a restart's backlog took minutes that way).
      setImmediate(() => this.fire());
      return;
    }
    this.endBacklog?.();
    this.endBacklog = undefined;
    this.rearm();
  }

  /**
   * Applies what is due at `now` in one write, batch after batch for up to SLICE_MS: a backlog costs
   * fewer commits (each writes every page it changed) while requests still wait no longer than a slice.
   * If a transition fails, the slice is rolled back and its first batch applied one at a time instead.
   * Answers whether more may be due.
   */
  private applyDue(now: number): boolean {
    const until = performance.now() + SLICE_MS;
    try {
      return this.write(() => {
        for (;;) {
          const rows = this.due.all(now) as PendingTransition[];
          rows.forEach((row) => this.runNow(row));
          if (rows.length < BATCH_SIZE) return false;
          if (performance.now() >= until) return true;
        }
      });
    } catch {
      const rows = this.due.all(now) as PendingTransition[];
      this.applyOneByOne(rows, false);
      return rows.length === BATCH_SIZE;
    }
  }
}

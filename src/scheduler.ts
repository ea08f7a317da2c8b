// The one scheduler behind every asynchronous state change.
//
// Due times live in the pending_transitions table, so they survive a restart, and a transition that fell
// due while the emulator was down runs as soon as it starts. A single timer is armed for the earliest
// due time; there is no timer per resource and no polling. Due transitions run in bounded batches that
// yield to the event loop in between, so a backlog of thousands never stalls requests.
import type { Logger } from 'pino';
import type { Clock } from './clock.js';
import type { DelaySpec } from './config.js';
import type { Db } from './db/database.js';

/** Applies one transition to one resource, inside the scheduler's transaction. */
export type TransitionHandler = (resourceId: string) => void;

interface DueRow {
  resource_id: string;
  action: string;
}

const BATCH_SIZE = 500;
// setTimeout cannot wait longer than this (about 24.8 days); a longer wait is re-armed on wake-up.
const MAX_TIMER_MS = 2 ** 31 - 1;

export class Scheduler {
  private readonly handlers = new Map<string, TransitionHandler>();
  private timer: NodeJS.Timeout | undefined;
  private armedFor: number | undefined;
  private running = false;

  private readonly upsert;
  private readonly remove;
  private readonly due;
  private readonly earliest;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly delay: DelaySpec,
    private readonly log: Logger,
    private readonly random: () => number = Math.random,
  ) {
    this.upsert = db.prepare(
      `INSERT INTO pending_transitions (resource_id, action, due_at) VALUES (?, ?, ?)
       ON CONFLICT (resource_id) DO UPDATE SET action = excluded.action, due_at = excluded.due_at`,
    );
    this.remove = db.prepare('DELETE FROM pending_transitions WHERE resource_id = ?');
    this.due = db.prepare(
      `SELECT resource_id, action FROM pending_transitions
       WHERE due_at <= ? ORDER BY due_at LIMIT ${BATCH_SIZE}`,
    );
    this.earliest = db
      .prepare('SELECT MIN(due_at) FROM pending_transitions WHERE due_at IS NOT NULL')
      .pluck();
  }

  /** Registers what an action does. Each action name belongs to one resource kind. */
  on(action: string, handler: TransitionHandler): void {
    if (this.handlers.has(action)) throw new Error(`transition ${action} is registered twice`);
    this.handlers.set(action, handler);
  }

  /**
   * Records that `action` happens to the resource after the configured delay, replacing whatever was
   * pending for it. Call it inside the request's write transaction.
   */
  schedule(resourceId: string, action: string): void {
    if (!this.handlers.has(action)) throw new Error(`no handler for transition ${action}`);
    const dueAt = this.nextDueTime();
    this.upsert.run(resourceId, action, dueAt);
    if (dueAt !== null) this.armNoLaterThan(dueAt);
  }

  start(): void {
    this.running = true;
    this.armNoLaterThan(this.clock.now());
  }

  stop(): void {
    this.running = false;
    this.disarm();
  }

  private nextDueTime(): number | null {
    const now = this.clock.now();
    switch (this.delay.kind) {
      case 'manual':
        return null;
      case 'fixed':
        return now + this.delay.ms;
      case 'range': {
        const { minMs, maxMs } = this.delay;
        return now + minMs + Math.round(this.random() * (maxMs - minMs));
      }
    }
  }

  private runBatch(): number {
    const rows = this.due.all(this.clock.now()) as DueRow[];
    this.db.transaction(() => {
      for (const row of rows) this.apply(row);
    }).immediate();
    return rows.length;
  }

  /** One failing transition must not block the others: it is logged and dropped. */
  private apply(row: DueRow): void {
    this.remove.run(row.resource_id);
    try {
      this.db.transaction(() => this.handlers.get(row.action)!(row.resource_id))();
    } catch (err) {
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
    if (this.runBatch() === BATCH_SIZE) {
      // More may be due: continue after pending I/O so requests are served in between.
      setImmediate(() => this.fire()).unref();
      return;
    }
    const next = this.earliest.get() as number | null;
    if (next !== null) this.armNoLaterThan(next);
  }
}

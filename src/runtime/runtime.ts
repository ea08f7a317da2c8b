// What every operation that changes state works with: one write function, the clock, the random
// source, the scheduler and the feed of state changes. The emulator makes one and shares it.
import type { ResourceErrorView } from '../common/schemas.js';
import type { Write } from '../db/write.js';
import type { ChangeFeed } from './changes.js';
import type { EmulatorClock } from './clock.js';
import type { Random } from './random.js';
import type { Delay, Scheduler, Transition } from './scheduler.js';

export interface Runtime {
  write: Write;
  clock: EmulatorClock;
  random: Random;
  scheduler: Scheduler;
  changes: ChangeFeed;
}

/** The resources of a kind whose status can be forced to failed. */
export interface FailableStore {
  /** The resource, whichever project it belongs to. */
  findById(id: string): { project_id: string; status: string } | undefined;
  fail(id: string, error: ResourceErrorView, now: number): unknown;
}

/**
 * Ends the resource, of any project, in its kind's failed status (`failed`; the companion APIs' `ERROR`)
 * with the error; whatever was pending is cancelled.
 */
export function failResource(
  ctx: Runtime,
  kind: string,
  store: FailableStore,
  id: string,
  error: ResourceErrorView,
  failedStatus = 'failed',
): void {
  ctx.write(() => {
    const current = store.findById(id);
    if (!current) return;
    ctx.scheduler.cancel(id);
    store.fail(id, error, ctx.clock.now());
    recordChange(ctx, kind, id, current.project_id, current.status, failedStatus);
  });
}

/** Records a change of the resource's status (from null: created; to `deleted`: gone; from = to: modified). */
export function recordChange(
  ctx: Runtime,
  kind: string,
  id: string,
  project: string,
  from: string | null,
  to: string,
): void {
  ctx.changes.record({ kind, id, project, from, to }, ctx.clock.now());
}

/** A status column whose single statement moves a resource on from the status the caller saw (db/status.ts). */
export interface MovableStatus {
  move(id: string, from: string, to: string, now: number): string | undefined;
}

/** The transition that moves a resource of `kind` from one status to the next after its delay, recording the change. */
export function statusTransition(
  ctx: Runtime,
  kind: string,
  column: MovableStatus,
  from: string,
  to: string,
  delay: Delay,
): Transition {
  return {
    ...delay,
    becomes: to,
    run: (id) => {
      const project = column.move(id, from, to, ctx.clock.now());
      if (project !== undefined) recordChange(ctx, kind, id, project, from, to);
    },
  };
}

/** What a new resource stores besides its own fields: its times, and no failure. */
export function freshRecord(now: number) {
  return { created_at: now, updated_at: now, error_code: null, error_message: null };
}

/** A resource was just created in `status`: `action` moves it on after its delay, and the creation is recorded. */
export function startLifecycle(ctx: Runtime, kind: string, id: string, project: string, status: string, action: string): void {
  ctx.scheduler.schedule(id, action);
  recordChange(ctx, kind, id, project, null, status);
}

// What every operation that changes state works with: one write function, the clock, the random
// source, the scheduler and the feed of state changes. The emulator makes one and shares it.
import type { ResourceErrorView } from '../common/schemas.js';
import type { Write } from '../db/write.js';
import type { ChangeFeed } from './changes.js';
import type { EmulatorClock } from './clock.js';
import type { Random } from './random.js';
import type { Scheduler } from './scheduler.js';

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

/** Ends the resource, of any project, in status failed with the error; whatever was pending is cancelled. */
export function failResource(ctx: Runtime, kind: string, store: FailableStore, id: string, error: ResourceErrorView): void {
  ctx.write(() => {
    const current = store.findById(id);
    if (!current) return;
    ctx.scheduler.cancel(id);
    store.fail(id, error, ctx.clock.now());
    ctx.changes.record({ kind, id, project: current.project_id, from: current.status, to: 'failed' }, ctx.clock.now());
  });
}

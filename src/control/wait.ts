// Waiting for a resource to reach a status, without polling: the answer comes with the state change
// that gets it there. When it does not get there in time, or cannot any more, the answer says where
// the resource is and why it is not moving.
import { isoTime } from '../common/schemas.js';
import type { Emulator, FoundResource } from '../emulator.js';
import { DELETED } from '../runtime/changes.js';

export type WaitOutcome =
  | { reached: true; found: FoundResource | undefined }
  | { reached: false; why: string };

export interface Waits {
  waitFor(id: string, status: string, timeoutMs: number): Promise<WaitOutcome>;
  /** Ends every wait at once with the reason, e.g. on shutdown. */
  abandonAll(why: string): void;
}

export function waits(emulator: Emulator): Waits {
  const open = new Set<(why: string) => void>();

  /** Reached, hopeless (gone, or failed when something else is wanted), or undefined: still moving. */
  function check(id: string, status: string): WaitOutcome | undefined {
    const found = emulator.findAny(id);
    if (status === DELETED ? found === undefined : found?.status === status) return { reached: true, found };
    if (found === undefined) return { reached: false, why: `${id} is deleted: it will never be ${status}` };
    if (found.status === kindOf(emulator, found).failedStatus) return { reached: false, why: explain(emulator, found) };
    return undefined;
  }

  return {
    waitFor(id, status, timeoutMs) {
      const now = check(id, status);
      if (now) return Promise.resolve(now);
      return new Promise((resolve) => {
        const finish = (outcome: WaitOutcome) => {
          clearTimeout(timer);
          unsubscribe();
          open.delete(abandon);
          resolve(outcome);
        };
        const abandon = (why: string) => finish({ reached: false, why });
        const unsubscribe = emulator.changes.subscribe((change) => {
          if (change.id !== id && change.kind !== 'state') return;
          const outcome = check(id, status);
          if (outcome) finish(outcome);
        });
        const timer = setTimeout(() => {
          const found = emulator.findAny(id);
          abandon(found ? explain(emulator, found) : `${id} is deleted: it will never be ${status}`);
        }, timeoutMs);
        open.add(abandon);
      });
    },
    abandonAll(why) {
      for (const abandon of [...open]) abandon(why);
    },
  };
}

/** Where the resource is and what would move it on. */
export function explain(emulator: Emulator, found: FoundResource): string {
  const kind = kindOf(emulator, found);
  const where = `${kind.label} ${found.id} is ${found.status}`;
  const error = found.error;
  if (error) return `${where}: it failed with ${error.error_code} (${error.error_message}); delete it`;
  const pending = emulator.scheduler.pendingFor(found.id);
  if (pending?.due_at === null) return `${where}: ${pending.transition.setting} is manual, call /_emulator/settle`;
  if (pending) {
    const inSeconds = Math.max(0, Math.ceil((pending.due_at - emulator.clock.now()) / 1000));
    return (
      `${where}: it becomes ${pending.transition.becomes} at ${isoTime(pending.due_at)}, in ${inSeconds} s ` +
      `(${pending.transition.setting}); /_emulator/settle or /_emulator/clock/advance make it sooner`
    );
  }
  const waitingFor = kind.waitingFor?.(found);
  return `${where}: ${waitingFor ?? 'nothing is pending for it'}`;
}

function kindOf(emulator: Emulator, found: FoundResource) {
  return emulator.kinds.find((k) => k.kind === found.kind)!;
}

// State changes as they happen: a resource created, a status reached, a resource gone. Operations record
// them inside their write transaction; they are published only once that transaction has committed (see
// db/write.ts), so a listener never hears of a change that was rolled back. The test-control API streams
// them (events), waits on them (wait), and the most recent are kept for clients that reconnect.

export interface StateChange {
  /** Increases by one with every published change. */
  seq: number;
  /** The resource type, e.g. endpoint_service or endpoint; `state` for a reset or an import. */
  kind: string;
  id: string;
  project: string;
  /** The status before; null for a resource that did not exist yet. */
  from: string | null;
  /** The status after; `deleted` once the resource is gone. */
  to: string;
  /** The emulator's clock at the change, ISO 8601 with milliseconds. */
  at: string;
}

export type ChangeListener = (change: StateChange) => void;

/** A status a resource reaches by disappearing. */
export const DELETED = 'deleted';

const KEPT = 1000;

export class ChangeFeed {
  private unpublished: Omit<StateChange, 'seq'>[] = [];
  private readonly listeners = new Set<ChangeListener>();
  private readonly recent: StateChange[] = [];
  private seq = 0;

  constructor(private readonly onListenerError: (err: unknown) => void) {}

  /** Notes a change made by the write under way. */
  record(change: Omit<StateChange, 'seq' | 'at'>, at: number): void {
    this.unpublished.push({ ...change, at: new Date(at).toISOString() });
  }

  /** How many changes are noted so far, to go back to if the write fails. */
  mark(): number {
    return this.unpublished.length;
  }

  discardFrom(mark: number): void {
    this.unpublished.length = mark;
  }

  /** Tells every listener about the noted changes, in order. */
  publish(): void {
    const changes = this.unpublished;
    if (changes.length === 0) return;
    this.unpublished = [];
    for (const noted of changes) {
      const change = { seq: ++this.seq, ...noted };
      this.recent.push(change);
      if (this.recent.length > KEPT) this.recent.shift();
      for (const listener of this.listeners) {
        try {
          listener(change);
        } catch (err) {
          this.onListenerError(err);
        }
      }
    }
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The kept changes after `seq`, oldest first. */
  since(seq: number): StateChange[] {
    return this.recent.filter((change) => change.seq > seq);
  }
}

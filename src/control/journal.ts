// The request journal: the last requests to the cloud APIs, in a bounded ring kept in memory (it
// describes the test session, not the cloud, so it is neither persisted nor exported). Only what a
// request looked like from outside is kept: no body, no header, so no password or secret.
import { pathOf } from '../http/request-path.js';
import { globToRegExp } from './glob.js';

export interface JournalEntry {
  /** Increases by one with every request. */
  seq: number;
  /** Real time the request arrived, ISO 8601. */
  time: string;
  method: string;
  /** The path with its query string. */
  path: string;
  /** The operation's id (e.g. CreateEndpointService); null for an unknown path. */
  operation: string | null;
  project: string | null;
  status: number;
  error_code: string | null;
  error_msg: string | null;
  duration_ms: number;
  request_id: string;
  /** Whether a fault rule gave the answer or its delay. */
  fault: boolean;
}

/**
 * An entry as kept: one object per request, made by the request pipeline and stored as it is, with the time
 * as a number, formatted only when the journal is read.
 */
export interface JournalRecord extends Omit<JournalEntry, 'time'> {
  /** Real time the request arrived, ms since the epoch. */
  at: number;
}

export interface JournalFilter {
  limit: number;
  /** 404, or a class such as 4xx. */
  status?: string;
  project?: string;
  /** A glob over the path without its query, as in fault rules. */
  path?: string;
  operation?: string;
}

export class Journal {
  private readonly ring: JournalRecord[] = [];
  private next = 0;
  private seq = 0;

  constructor(readonly size: number) {}

  /** Keeps `record` (its seq is set here), dropping the oldest when the ring is full. */
  add(record: JournalRecord): void {
    if (this.size === 0) return;
    record.seq = ++this.seq;
    if (this.ring.length < this.size) this.ring.push(record);
    else this.ring[this.next] = record;
    this.next = (this.next + 1) % this.size;
  }

  /** The matching entries, newest first. */
  list(filter: JournalFilter): JournalEntry[] {
    const path = filter.path === undefined ? undefined : globToRegExp(filter.path);
    const status = filter.status?.toLowerCase();
    const matches = (e: JournalRecord) =>
      (status === undefined || statusMatches(e.status, status)) &&
      (filter.project === undefined || e.project === filter.project) &&
      (filter.operation === undefined || e.operation === filter.operation) &&
      (path === undefined || path.test(pathOf(e.path)));
    const found: JournalEntry[] = [];
    for (let i = 1; i <= this.ring.length && found.length < filter.limit; i++) {
      const record = this.ring[(this.next - i + this.ring.length) % this.ring.length];
      if (matches(record)) found.push(entryOf(record));
    }
    return found;
  }

  clear(): number {
    const cleared = this.ring.length;
    this.ring.length = 0;
    this.next = 0;
    return cleared;
  }
}

function entryOf({ at, ...rest }: JournalRecord): JournalEntry {
  return { ...rest, time: new Date(at).toISOString() };
}

/** "404" matches 404; "4xx" matches 400-499. */
function statusMatches(status: number, wanted: string): boolean {
  return /^[1-5]xx$/.test(wanted) ? String(status)[0] === wanted[0] : String(status) === wanted;
}

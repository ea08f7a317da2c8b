// The one source of time. Every timestamp, due time and token expiry is read from the emulator's clock:
// a base clock (the system's, or a test's) plus an offset that the test-control API can only increase,
// so a test can make hours pass in a moment and the clock never runs backwards.

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export class EmulatorClock implements Clock {
  constructor(
    /** Real time as the emulator's clients see it: what AK/SK signatures are dated by. */
    readonly base: Clock,
    private offsetMs = 0,
    /** Told the new offset whenever the clock moves ahead, to keep it across a restart. */
    private readonly onMove: (offsetMs: number) => void = () => {},
  ) {}

  now(): number {
    return this.base.now() + this.offsetMs;
  }

  /** How far the clock is ahead of its base. */
  get offset(): number {
    return this.offsetMs;
  }

  /** Moves the clock forward to `time`; a time that has already passed leaves it where it is. */
  moveTo(time: number): void {
    this.moveOffsetTo(this.offsetMs + time - this.now());
  }

  /**
   * Sets how far the clock is ahead of its base, if that is further than now: "advance by N seconds" adds
   * exactly N to the offset, however much real time the transitions it applies take.
   */
  moveOffsetTo(offsetMs: number): void {
    if (offsetMs <= this.offsetMs) return;
    this.offsetMs = offsetMs;
    this.onMove(this.offsetMs);
  }
}

/** The API's time format: UTC, `YYYY-MM-DDTHH:MM:SSZ`, no fractions. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

/** The VPC and ELB APIs' time format: UTC without a zone, `yyyy-MM-ddTHH:mm:ss`. */
export function formatZonelessTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

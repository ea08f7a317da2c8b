// The one source of time. Every timestamp and every due time is read from a Clock, so a test or the
// test-control API can substitute a clock that it moves forward by hand.

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** The API's time format: UTC, `YYYY-MM-DDTHH:MM:SSZ`, no fractions. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

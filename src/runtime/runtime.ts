// What every operation that changes state works with: one write function, the clock, the random
// source, the scheduler and the feed of state changes. The emulator makes one and shares it.
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

// The one source of randomness for everything the emulator makes up: resource ids, cluster ids, packet
// markers, tokens, due times within a delay range and the dice of fault rules. Tests pass their own.
import { randomBytes, randomInt, randomUUID } from 'node:crypto';

export interface Random {
  /** A number in [0, 1). */
  fraction(): number;
  /** An integer in [min, max). */
  int(min: number, max: number): number;
  /** A version 4 UUID. */
  uuid(): string;
  /** A secret of `bytes` random bytes, base64url-encoded. */
  secret(bytes: number): string;
}

// randomInt's range must stay below 2^48.
const FRACTION_STEPS = 2 ** 47;

export const cryptoRandom: Random = {
  fraction: () => randomInt(FRACTION_STEPS) / FRACTION_STEPS,
  int: (min, max) => randomInt(min, max),
  uuid: () => randomUUID(),
  secret: (bytes) => randomBytes(bytes).toString('base64url'),
};

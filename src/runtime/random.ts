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

export const cryptoRandom: Random = {
  // 48 random bits: randomInt cannot draw from a range of 2^48 (its maximum is 2^48 - 1).
  fraction: () => randomBytes(6).readUIntBE(0, 6) / 2 ** 48,
  int: (min, max) => randomInt(min, max),
  uuid: () => randomUUID(),
  secret: (bytes) => randomBytes(bytes).toString('base64url'),
};

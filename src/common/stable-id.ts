// Ids that must not change between runs or resets, such as those of the public services, are derived
// from what names the thing instead of drawn at random.
import { createHash } from 'node:crypto';

/** A UUID in the layout of version 5, the same for the same parts every time. */
export function stableUuid(...parts: string[]): string {
  const hex = createHash('sha1').update(parts.join('\n')).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `5${hex.slice(13, 16)}`,
    `${variant}${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join('-');
}

/** 32 lowercase hex characters, the same for the same parts every time: the shape of Keystone's ids. */
export function stableHexId(...parts: string[]): string {
  return stableUuid(...parts).replaceAll('-', '');
}

/**
 * The simulator's stand-in for SQL Server's BINARY_CHECKSUM: a stable signed 32-bit hash of a list of values.
 * It is not SQL Server's algorithm (which is undocumented); it has the properties a change fingerprint relies
 * on: the same values always give the same number, any change of a value, of its type or of the argument order
 * almost always changes it, and it is case- and trailing-space-sensitive (binary, unlike CHECKSUM).
 *
 * FNV-1a (over 16-bit code units) of a type tag, the length and the content of each value, then murmur3's
 * finaliser: cheap, since a fingerprint hashes every posting of the recent-job window (hundreds of thousands of
 * rows).
 */

import type { SqliteValue } from './column-types.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** Type tags, mixed in before each value's length and UTF-16 code units (bytes read as latin1 for a Buffer). */
const TAG_NULL = 0x10000;
const TAG_TEXT = 0x20000;
const TAG_INTEGER = 0x30000;
const TAG_REAL = 0x40000;
const TAG_BYTES = 0x50000;

/** Signed 32-bit hash of the values, in order. */
export function binaryChecksum(values: readonly SqliteValue[]): number {
  let h = FNV_OFFSET;
  for (const value of values) {
    if (value === null) {
      h = Math.imul(h ^ TAG_NULL, FNV_PRIME);
      continue;
    }
    let text: string;
    let tag: number;
    if (typeof value === 'string') [text, tag] = [value, TAG_TEXT];
    else if (typeof value === 'bigint') [text, tag] = [value.toString(), TAG_INTEGER];
    else if (typeof value === 'number')
      [text, tag] = [value.toString(), Number.isInteger(value) ? TAG_INTEGER : TAG_REAL];
    else [text, tag] = [value.toString('latin1'), TAG_BYTES];
    h = Math.imul(h ^ tag, FNV_PRIME);
    h = Math.imul(h ^ text.length, FNV_PRIME);
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** XOR of the 32-bit values, as CHECKSUM_AGG combines them (NULLs are skipped by the caller). */
export function xorChecksums(total: number, value: number): number {
  return (total ^ value) | 0;
}

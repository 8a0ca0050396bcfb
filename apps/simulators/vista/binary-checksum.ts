/**
 * The simulator's stand-in for SQL Server's BINARY_CHECKSUM: a stable signed 32-bit hash of a list of values.
 * It is not SQL Server's algorithm (which is undocumented); it has the properties a change fingerprint relies
 * on: the same values always give the same number, any change of a value, of its type or of the argument order
 * almost always changes it, and it is case- and trailing-space-sensitive (binary, unlike CHECKSUM).
 */

import { createHash } from 'node:crypto';
import type { SqliteValue } from './column-types.js';

/** Signed 32-bit hash of the values, in order. */
export function binaryChecksum(values: readonly SqliteValue[]): number {
  const hash = createHash('sha1');
  for (const value of values) hash.update(encodeTagged(value));
  return hash.digest().readInt32BE(0);
}

/** XOR of the 32-bit values, as CHECKSUM_AGG combines them (NULLs are skipped by the caller). */
export function xorChecksums(total: number, value: number): number {
  return (total ^ value) | 0;
}

/** Each value with its type and length, so that ('ab', 'c') and ('a', 'bc') differ. */
function encodeTagged(value: SqliteValue): Buffer {
  if (value === null) return Buffer.from('n;');
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value))) {
    return Buffer.from(`i${value.toString()};`);
  }
  if (typeof value === 'number') return Buffer.from(`r${value.toString()};`);
  const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8');
  return Buffer.concat([Buffer.from(`${Buffer.isBuffer(value) ? 'b' : 's'}${bytes.length}:`), bytes]);
}

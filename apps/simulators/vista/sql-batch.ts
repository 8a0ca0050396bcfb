/**
 * SQL batch requests (MS-TDS 2.2.6.7): ALL_HEADERS (transaction descriptor...) then the SQL text in UCS-2.
 */

import { ByteReader } from './byte-reader.js';

/**
 * Skips ALL_HEADERS (TDS 7.2+: a 4-byte total length, itself included) at the start of a batch or RPC
 * request. Clients of older TDS versions send none, which the length check recognises.
 */
export function skipAllHeaders(reader: ByteReader): void {
  if (reader.remaining < 4) return;
  const start = reader.offset;
  const total = reader.u32();
  if (total < 4 || total > reader.remaining + 4) {
    reader.offset = start;
    return;
  }
  reader.offset = start + total;
}

export function decodeSqlBatch(payload: Buffer): string {
  const reader = new ByteReader(payload);
  skipAllHeaders(reader);
  return reader.bytes(reader.remaining).toString('ucs2');
}

/**
 * LOGIN7 (MS-TDS 2.2.6.4): a 94-byte fixed part, then (offset, length) pairs pointing at UCS-2 strings in the
 * variable part. The password is obfuscated: every byte has its nibbles swapped and is XORed with 0xA5.
 */

import { TdsProtocolError } from './packet.js';

export interface Login7 {
  tdsVersion: number;
  packetSize: number;
  hostName: string;
  userName: string;
  password: string;
  appName: string;
  serverName: string;
  database: string;
}

const FIXED_LENGTH = 94;
/** Offsets of the (ib, cch) pairs inside the fixed part. */
const Field = {
  hostName: 36,
  userName: 40,
  password: 44,
  appName: 48,
  serverName: 52,
  database: 68,
} as const;

export function decodeLogin7(payload: Buffer): Login7 {
  if (payload.length < FIXED_LENGTH) throw new TdsProtocolError('LOGIN7 shorter than its fixed part');
  const text = (field: number, decode: (bytes: Buffer) => Buffer = (b) => b): string => {
    const offset = payload.readUInt16LE(field);
    const chars = payload.readUInt16LE(field + 2);
    const end = Math.min(payload.length, offset + chars * 2);
    if (chars === 0 || offset >= end) return '';
    return decode(payload.subarray(offset, end)).toString('ucs2');
  };
  return {
    tdsVersion: payload.readUInt32LE(4),
    packetSize: payload.readUInt32LE(8),
    hostName: text(Field.hostName),
    userName: text(Field.userName),
    password: text(Field.password, unscramblePassword),
    appName: text(Field.appName),
    serverName: text(Field.serverName),
    database: text(Field.database),
  };
}

function unscramblePassword(bytes: Buffer): Buffer {
  const out = Buffer.allocUnsafe(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = (bytes[i] as number) ^ 0xa5;
    out[i] = ((b & 0x0f) << 4) | (b >> 4);
  }
  return out;
}

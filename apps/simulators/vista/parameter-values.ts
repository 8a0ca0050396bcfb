/**
 * Typed RPC parameter values (TYPE_INFO then the value, MS-TDS 2.2.5), decoded into what SQLite binds:
 * numbers (bigint beyond 2^53), text, Buffers, and datetimes as ISO text 'YYYY-MM-DD HH:MM:SS' read as UTC,
 * which is how the simulator stores them (and how mssql sends a Date with useUTC, its default).
 */

import type { ByteReader } from './byte-reader.js';
import type { SqliteValue } from './column-types.js';
import { formatIsoDateTime, fromSmallDateTime, fromSqlDateTime, fromSqlDateTime2 } from './datetime.js';

export class UnsupportedParameterType extends Error {
  override name = 'UnsupportedParameterType';
  constructor(readonly typeId: number) {
    super(`parameter type 0x${typeId.toString(16).padStart(2, '0')} is not supported by the Vista simulator`);
  }
}

const PLP_NULL = 0xffffffffffffffffn;
const UTF8_FLAG = 0x40;

export function readParameterValue(r: ByteReader): SqliteValue {
  const typeId = r.u8();
  switch (typeId) {
    case 0x30: // tinyint
      return r.u8();
    case 0x34: // smallint
      return r.i16();
    case 0x38: // int
      return r.i32();
    case 0x7f: // bigint
      return narrow(r.i64());
    case 0x32: // bit
      return r.u8() ? 1 : 0;
    case 0x3b: // real
      return r.f32();
    case 0x3e: // float
      return r.f64();
    case 0x3d: // datetime
      return formatIsoDateTime(fromSqlDateTime(r.i32(), r.u32()));
    case 0x3a: // smalldatetime
      return formatIsoDateTime(fromSmallDateTime(r.u16(), r.u16()));
    case 0x26: // intn
      r.u8();
      return readIntN(r);
    case 0x68: {
      // bitn
      r.u8();
      const length = r.u8();
      return length === 0 ? null : r.u8() ? 1 : 0;
    }
    case 0x6d: {
      // fltn
      r.u8();
      const length = r.u8();
      return length === 0 ? null : length === 4 ? r.f32() : r.f64();
    }
    case 0x6f: {
      // datetimen
      r.u8();
      const length = r.u8();
      if (length === 0) return null;
      if (length === 4) return formatIsoDateTime(fromSmallDateTime(r.u16(), r.u16()));
      return formatIsoDateTime(fromSqlDateTime(r.i32(), r.u32()));
    }
    case 0x28: {
      // date
      const length = r.u8();
      return length === 0 ? null : formatIsoDateTime(fromSqlDateTime2(r.uintLE(3), 0, 0));
    }
    case 0x2a: // datetime2
    case 0x2b: {
      // datetimeoffset: the time and date parts are UTC; the offset that follows is only for display
      const scale = r.u8();
      const length = r.u8();
      if (length === 0) return null;
      const timeLength = length - 3 - (typeId === 0x2b ? 2 : 0);
      const time = r.uintLE(timeLength);
      const days = r.uintLE(3);
      if (typeId === 0x2b) r.i16();
      return formatIsoDateTime(fromSqlDateTime2(days, time, scale));
    }
    case 0x6a: // decimaln
    case 0x6c: {
      // numericn
      r.u8();
      r.u8();
      const scale = r.u8();
      const length = r.u8();
      if (length === 0) return null;
      const sign = r.u8() === 1 ? 1 : -1;
      let magnitude = 0n;
      const digits = r.bytes(length - 1);
      for (let i = digits.length - 1; i >= 0; i--)
        magnitude = (magnitude << 8n) | BigInt(digits[i] as number);
      return (sign * Number(magnitude)) / 10 ** scale;
    }
    case 0xe7: // nvarchar
    case 0xef: {
      // nchar
      const maxLength = r.u16();
      r.bytes(5);
      const bytes = readVariableBytes(r, maxLength);
      return bytes === null ? null : bytes.toString('ucs2');
    }
    case 0xa7: // varchar
    case 0xaf: {
      // char
      const maxLength = r.u16();
      const collation = r.bytes(5);
      const bytes = readVariableBytes(r, maxLength);
      if (bytes === null) return null;
      const flags = (((collation[3] as number) & 0x0f) << 4) | (((collation[2] as number) & 0xf0) >> 4);
      return flags & UTF8_FLAG ? bytes.toString('utf8') : new TextDecoder('windows-1252').decode(bytes);
    }
    case 0xa5: // varbinary
    case 0xad: {
      // binary
      const maxLength = r.u16();
      const bytes = readVariableBytes(r, maxLength);
      return bytes === null ? null : Buffer.from(bytes);
    }
    default:
      throw new UnsupportedParameterType(typeId);
  }
}

function readIntN(r: ByteReader): SqliteValue {
  const length = r.u8();
  switch (length) {
    case 0:
      return null;
    case 1:
      return r.u8();
    case 2:
      return r.i16();
    case 4:
      return r.i32();
    case 8:
      return narrow(r.i64());
    default:
      throw new UnsupportedParameterType(0x26);
  }
}

/** A USHORT-length value, or a PLP stream (chunks) when the declared length is MAX (0xFFFF). */
function readVariableBytes(r: ByteReader, maxLength: number): Buffer | null {
  if (maxLength !== 0xffff) {
    const length = r.u16();
    return length === 0xffff ? null : r.bytes(length);
  }
  if (r.u64() === PLP_NULL) return null;
  const chunks: Buffer[] = [];
  for (let chunk = r.u32(); chunk !== 0; chunk = r.u32()) chunks.push(r.bytes(chunk));
  return Buffer.concat(chunks);
}

function narrow(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}

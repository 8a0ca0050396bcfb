/**
 * Result column types: chosen from the SQLite declared type (vista-schema.sql: int, tinyint, varchar(n),
 * char(n), datetime), written as TDS TYPE_INFO, and values encoded for ROW tokens.
 *
 * Strings go out as varchar/char with a UTF-8 collation (Latin1_General_100_CI_AS_SC_UTF8), so any unicode
 * that SQLite holds reaches the client intact. A column whose stored values do not fit its declared type
 * (text in an int column, a date before 1753...), and any computed column, goes out as sql_variant: each value
 * keeps its own type (int, bigint, float, datetime, nvarchar, varbinary).
 */

import { fitsSqlDateTime, parseIsoDateTime, toSqlDateTime } from './datetime.js';
import type { MessageWriter } from './packet.js';

/** Latin1_General_100_CI_AS_SC_UTF8: LCID 0x0409, flags IgnoreCase|IgnoreKana|IgnoreWidth|UTF8, version 2. */
export const UTF8_COLLATION = Buffer.from([0x09, 0x04, 0xd0, 0x24, 0x00]);

const MAX_SHORT_BYTES = 8000;

export type ColumnType =
  | { kind: 'int'; size: 1 | 2 | 4 | 8 }
  | { kind: 'bit' }
  | { kind: 'float' }
  | { kind: 'datetime' }
  | { kind: 'varchar'; length: number }
  | { kind: 'char'; length: number }
  | { kind: 'nvarchar'; length: number }
  /** `dates`: text values that read as datetimes go out as datetime (the column was declared datetime). */
  | { kind: 'variant'; dates: boolean };

export type SqliteValue = string | number | bigint | Buffer | null;

const DECLARED = /^\s*([a-z0-9_]+)\s*(?:\(\s*(\d+|max)\s*(?:,\s*\d+\s*)?\))?/i;

/** The TDS column type for a SQLite declared type (null for computed columns → sql_variant). */
export function columnTypeFromDeclared(declared: string | null): ColumnType {
  const m = declared ? DECLARED.exec(declared) : null;
  if (!m) return { kind: 'variant', dates: false };
  const name = (m[1] as string).toLowerCase();
  const length = m[2] && m[2].toLowerCase() !== 'max' ? Number(m[2]) : undefined;
  switch (name) {
    case 'tinyint':
      return { kind: 'int', size: 1 };
    case 'smallint':
      return { kind: 'int', size: 2 };
    case 'int':
    case 'integer':
      return { kind: 'int', size: 4 };
    case 'bigint':
      return { kind: 'int', size: 8 };
    case 'bit':
      return { kind: 'bit' };
    case 'real':
    case 'float':
    case 'double':
      return { kind: 'float' };
    case 'date':
    case 'datetime':
    case 'datetime2':
    case 'smalldatetime':
      return { kind: 'datetime' };
    case 'char':
      return { kind: 'char', length: Math.min(length ?? 1, MAX_SHORT_BYTES) };
    case 'varchar':
    case 'text':
      return { kind: 'varchar', length: Math.min(length ?? MAX_SHORT_BYTES, MAX_SHORT_BYTES) };
    case 'nchar':
    case 'nvarchar':
    case 'ntext':
      return { kind: 'nvarchar', length: Math.min(length ?? 4000, 4000) };
    default:
      return { kind: 'variant', dates: false };
  }
}

/** TYPE_INFO of a column in COLMETADATA. */
export function writeTypeInfo(w: MessageWriter, type: ColumnType): void {
  switch (type.kind) {
    case 'int':
      w.u8(0x26);
      w.u8(type.size);
      return;
    case 'bit':
      w.u8(0x68);
      w.u8(1);
      return;
    case 'float':
      w.u8(0x6d);
      w.u8(8);
      return;
    case 'datetime':
      w.u8(0x6f);
      w.u8(8);
      return;
    case 'varchar':
    case 'char':
      w.u8(type.kind === 'char' ? 0xaf : 0xa7);
      w.u16(type.length);
      w.bytes(UTF8_COLLATION);
      return;
    case 'nvarchar':
      w.u8(0xe7);
      w.u16(type.length * 2);
      w.bytes(UTF8_COLLATION);
      return;
    case 'variant':
      w.u8(0x62);
      w.u32(8016);
      return;
  }
}

/** One value of a ROW token. Values that cannot be represented are sent as NULL rather than failing the row. */
export function writeValue(w: MessageWriter, type: ColumnType, value: SqliteValue): void {
  switch (type.kind) {
    case 'int': {
      const n = toInteger(value);
      if (n === null) return w.u8(0);
      w.u8(type.size);
      if (type.size === 1) w.u8(Number(n));
      else if (type.size === 2) w.u16(Number(n));
      else if (type.size === 4) w.i32(Number(n));
      else w.i64(BigInt(n));
      return;
    }
    case 'bit':
      if (value === null) return w.u8(0);
      w.u8(1);
      w.u8(value === 0 || value === 0n || value === '0' ? 0 : 1);
      return;
    case 'float':
      if (typeof value !== 'number' && typeof value !== 'bigint') return w.u8(0);
      w.u8(8);
      w.f64(Number(value));
      return;
    case 'datetime': {
      const ms = typeof value === 'string' ? parseIsoDateTime(value) : null;
      if (ms === null || !fitsSqlDateTime(ms)) return w.u8(0);
      const { days, ticks } = toSqlDateTime(ms);
      w.u8(8);
      w.i32(days);
      w.u32(ticks);
      return;
    }
    case 'varchar':
    case 'char': {
      if (value === null) return w.u16(0xffff);
      let text = asText(value);
      if (type.kind === 'char' && text.length < type.length) text = text.padEnd(type.length, ' ');
      const byteLength = Buffer.byteLength(text, 'utf8');
      if (byteLength <= MAX_SHORT_BYTES) {
        w.u16(byteLength);
        w.text(text, 'utf8', byteLength);
      } else {
        const bytes = utf8Capped(text, MAX_SHORT_BYTES);
        w.u16(bytes.length);
        w.bytes(bytes);
      }
      return;
    }
    case 'nvarchar': {
      if (value === null) return w.u16(0xffff);
      const text = asText(value).slice(0, MAX_SHORT_BYTES / 2);
      w.u16(text.length * 2);
      w.text(text, 'ucs2', text.length * 2);
      return;
    }
    case 'variant':
      return writeVariant(w, value, type.dates);
  }
}

function writeVariant(w: MessageWriter, value: SqliteValue, dates: boolean): void {
  if (value === null) return w.u32(0);
  if (typeof value === 'number' && Number.isInteger(value) && value >= -2147483648 && value <= 2147483647) {
    w.u32(2 + 4);
    w.u8(0x38);
    w.u8(0);
    w.i32(value);
    return;
  }
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value))) {
    w.u32(2 + 8);
    w.u8(0x7f);
    w.u8(0);
    w.i64(BigInt(value));
    return;
  }
  if (typeof value === 'number') {
    w.u32(2 + 8);
    w.u8(0x3e);
    w.u8(0);
    w.f64(value);
    return;
  }
  if (Buffer.isBuffer(value)) {
    const bytes = value.subarray(0, MAX_SHORT_BYTES);
    w.u32(2 + 2 + bytes.length);
    w.u8(0xa5);
    w.u8(2);
    w.u16(MAX_SHORT_BYTES);
    w.bytes(bytes);
    return;
  }
  const ms = dates ? parseIsoDateTime(value) : null;
  if (ms !== null && fitsSqlDateTime(ms)) {
    const { days, ticks } = toSqlDateTime(ms);
    w.u32(2 + 8);
    w.u8(0x3d);
    w.u8(0);
    w.i32(days);
    w.u32(ticks);
    return;
  }
  const bytes = Buffer.from(value.slice(0, MAX_SHORT_BYTES / 2), 'ucs2');
  w.u32(2 + 7 + bytes.length);
  w.u8(0xe7);
  w.u8(7);
  w.u16(MAX_SHORT_BYTES);
  w.bytes(UTF8_COLLATION);
  w.bytes(bytes);
}

function toInteger(value: SqliteValue): number | bigint | null {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  return null;
}

function asText(value: Exclude<SqliteValue, null>): string {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return String(value);
}

/** UTF-8 bytes of `text`, cut to at most `max` bytes without splitting a character. */
function utf8Capped(text: string, max: number): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= max) return bytes;
  let end = max;
  while (end > 0 && ((bytes[end] as number) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}

/** Origin of a result column, as better-sqlite3 reports it. */
export interface ColumnOrigin {
  type: string | null;
  table: string | null;
  column: string | null;
}

/** Key of a table column in the set of columns whose stored values do not fit their declared type. */
export function columnKey(table: string, column: string): string {
  return `${table}.${column}`.toLowerCase();
}

/** The declared type of the column a result column comes from, or sql_variant when its values do not fit it. */
export function resolveColumnType(origin: ColumnOrigin, offTypeColumns: ReadonlySet<string>): ColumnType {
  const declared = columnTypeFromDeclared(origin.type);
  if (origin.table && origin.column && offTypeColumns.has(columnKey(origin.table, origin.column))) {
    return { kind: 'variant', dates: declared.kind === 'datetime' };
  }
  return declared;
}

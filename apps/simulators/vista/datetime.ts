/**
 * Datetimes as the simulator stores them (ISO text 'YYYY-MM-DD HH:MM:SS' in SQLite, read as UTC) and as TDS
 * carries them: DATETIME (days since 1900-01-01 + 1/300 s ticks), DATETIME2/DATE (days since 0001-01-01 +
 * 10^-scale s units) and SMALLDATETIME (days + minutes).
 */

const MS_PER_DAY = 86_400_000;
const EPOCH_1900 = Date.UTC(1900, 0, 1);
const EPOCH_2000 = Date.UTC(2000, 0, 1);
/** Days from 0001-01-01 to 2000-01-01 (Date.UTC cannot build years below 100 directly). */
const DAYS_0001_TO_2000 = 730_119;
const TICKS_PER_DAY = 25_920_000;

const ISO_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?Z?$/;

/** Milliseconds since the Unix epoch of an ISO datetime text, or null when the text is not one. */
export function parseIsoDateTime(text: string): number | null {
  // Fast path for the stored form 'YYYY-MM-DD HH:MM:SS': this runs for every datetime of a large result.
  if (text.length === 19 && text[4] === '-' && text[7] === '-' && text[13] === ':' && text[16] === ':') {
    const sep = text[10];
    if (sep === ' ' || sep === 'T') {
      const y = digits(text, 0, 4);
      const mo = digits(text, 5, 2);
      const d = digits(text, 8, 2);
      const h = digits(text, 11, 2);
      const mi = digits(text, 14, 2);
      const s = digits(text, 17, 2);
      if (y >= 0 && mo >= 0 && d >= 0 && h >= 0 && mi >= 0 && s >= 0) return toEpochMs(y, mo, d, h, mi, s, 0);
    }
  }
  const m = ISO_TEXT.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = ''] = m;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  return toEpochMs(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), ms);
}

function toEpochMs(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
): number | null {
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return null;
  return daysFromCivil(y, mo, d) * MS_PER_DAY + ((h * 60 + mi) * 60 + s) * 1000 + ms;
}

/**
 * SQL Server holds no 2023-02-30: such text is not a datetime (it goes out as sql_variant text, off-type-columns.ts),
 * never rolled over into March.
 */
function daysInMonth(y: number, mo: number): number {
  if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}

/** The decimal number in `text[from, from + length)`, or -1 when a character is not a digit. */
function digits(text: string, from: number, length: number): number {
  let value = 0;
  for (let i = from; i < from + length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Days since 1970-01-01 of a proleptic Gregorian date; an overflowing day (Feb 30) rolls over, as in SQLite. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The ISO text the simulator stores: 'YYYY-MM-DD HH:MM:SS', with '.mmm' only when there are milliseconds. */
export function formatIsoDateTime(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const base =
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const ms = d.getUTCMilliseconds();
  return ms === 0 ? base : `${base}.${pad(ms, 3)}`;
}

const MIN_SQL_DATETIME = Date.UTC(1753, 0, 1);
const END_SQL_DATETIME = Date.UTC(10000, 0, 1);

/** True when a DATETIME (1753-01-01 .. 9999-12-31) can hold the instant. */
export function fitsSqlDateTime(epochMs: number): boolean {
  return epochMs >= MIN_SQL_DATETIME && epochMs < END_SQL_DATETIME;
}

/** DATETIME wire value: days since 1900-01-01 (signed) and 1/300 s ticks since midnight. */
export function toSqlDateTime(epochMs: number): { days: number; ticks: number } {
  const sinceEpoch = epochMs - EPOCH_1900;
  let days = Math.floor(sinceEpoch / MS_PER_DAY);
  let ticks = Math.round(((sinceEpoch - days * MS_PER_DAY) * 3) / 10);
  if (ticks >= TICKS_PER_DAY) {
    days += 1;
    ticks = 0;
  }
  return { days, ticks };
}

export function fromSqlDateTime(days: number, ticks: number): number {
  return EPOCH_1900 + days * MS_PER_DAY + Math.round((ticks * 10) / 3);
}

export function fromSmallDateTime(days: number, minutes: number): number {
  return EPOCH_1900 + days * MS_PER_DAY + minutes * 60_000;
}

/** DATE / DATETIME2 wire parts: days since 0001-01-01 and time in units of 10^-scale seconds. */
export function fromSqlDateTime2(days: number, timeUnits: number, scale: number): number {
  return EPOCH_2000 + (days - DAYS_0001_TO_2000) * MS_PER_DAY + Math.round((timeUnits * 1000) / 10 ** scale);
}

const DATE_PREFIX = /^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[ T])/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A calendar date as `YYYY-MM-DD`, from a Date (its UTC day: the mssql driver reads Vista's zone-less
 * datetimes as UTC) or from a string starting with the date (`2023-06-15`, `2023-06-15 00:00:00`,
 * `2023-06-15T00:00:00.000Z`). Anything else (`06/15/2023`, `2023-02-30`) is null.
 */
export function normaliseDate(value: unknown): string | null {
  if (value instanceof Date) {
    const time = value.getTime();
    if (Number.isNaN(time)) return null;
    const year = value.getUTCFullYear();
    if (year < 0 || year > 9999) return null;
    return `${String(year).padStart(4, '0')}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
  }
  if (typeof value !== 'string') return null;
  const match = DATE_PREFIX.exec(value);
  if (match === null) return null;
  const [, y, m, d] = match as unknown as [string, string, string, string];
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  return `${y}-${m}-${d}`;
}

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

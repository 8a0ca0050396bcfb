const DATE_PREFIX = /^(\d{4})-(\d{2})-(\d{2})(?:$|[ T])/;

/**
 * A calendar date as `YYYY-MM-DD`, from a Date (its UTC day: the mssql driver reads Vista's zone-less
 * datetimes as UTC) or from a string starting with the date (`2023-06-15`, `2023-06-15 00:00:00`,
 * `2023-06-15T00:00:00.000Z`). Anything else (`06/15/2023`, `2023-02-30`) is null.
 */
export function normaliseDate(value: unknown): string | null {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  }
  if (typeof value !== 'string') return null;
  const match = DATE_PREFIX.exec(value.trim());
  if (match === null) return null;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  const iso = `${y}-${m}-${d}`;
  return date.toISOString().slice(0, 10) === iso ? iso : null;
}

import { BadSamsaraQuery } from './cursor-page.js';
import type { Stamped } from './stamped-records.js';

const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Samsara's `createdAfterTime` / `updatedAfterTime` query parameters: RFC 3339 times (any offset, optional
 * fraction); a record passes when its time is at or after the given one. A value that is not RFC 3339 is refused.
 */
export function timeFilter(query: URLSearchParams): (record: Stamped) => boolean {
  const created = parseTime(query, 'createdAfterTime');
  const updated = parseTime(query, 'updatedAfterTime');
  return (record) =>
    (created === null || Date.parse(record.createdAtTime ?? '') >= created) &&
    (updated === null || Date.parse(record.updatedAtTime ?? '') >= updated);
}

function parseTime(query: URLSearchParams, name: string): number | null {
  const value = query.get(name);
  if (value === null) return null;
  const ms = RFC_3339.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) {
    throw new BadSamsaraQuery(`Invalid value for ${name}: ${value}. It must be an RFC 3339 time.`);
  }
  return ms;
}

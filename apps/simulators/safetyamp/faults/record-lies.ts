import type { RecordLies } from './settings.js';

/** Fields a real deployment may add to any record: the client must let them through, not choke on them. */
const EXTRA_FIELDS = {
  created_at: '2024-01-02T03:04:05.000000Z',
  updated_at: '2024-01-02T03:04:05.000000Z',
  _links: { self: { href: '/api/unknown' } },
  custom_fields: [],
};

function numbersAsStrings(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(numbersAsStrings);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) out[key] = numbersAsStrings(field);
    return out;
  }
  return value;
}

/**
 * Disfigures the records of one listed page (or the cluster tree, recursively through `children`): ids and
 * numbers as strings, extra fields, the first record without its id. Records are copied, never changed in place.
 */
export function disfigureRecords(records: readonly unknown[], lies: RecordLies): unknown[] {
  if (!lies.mistypedRecords && !lies.recordsWithoutId && !lies.extraFields) return [...records];
  return records.map((record, index) => {
    if (record === null || typeof record !== 'object') return record;
    let out: Record<string, unknown> = { ...(record as Record<string, unknown>) };
    if (Array.isArray(out.children)) out.children = disfigureRecords(out.children, lies);
    if (lies.mistypedRecords) {
      const { children, ...rest } = out;
      out = {
        ...(numbersAsStrings(rest) as Record<string, unknown>),
        ...(children !== undefined && { children }),
      };
    }
    if (lies.extraFields) out = { ...out, ...structuredClone(EXTRA_FIELDS) };
    if (lies.recordsWithoutId && index === 0) delete out.id;
    return out;
  });
}

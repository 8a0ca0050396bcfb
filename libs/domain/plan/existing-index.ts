/** An existing SafetyAmp record a desired record was matched with. */
export interface ExistingRecord<T extends object = object> {
  id: number | string;
  record: T;
}

/**
 * Existing records by fleet key. When several share a key, `prefer` orders them and the first is kept;
 * `shared` counts them so the plan can warn.
 */
export function indexExisting<T extends { id: number | string }>(
  records: readonly T[],
  keyOf: (record: T) => string | null,
  prefer: (a: T, b: T) => number = byId,
): Map<string, { chosen: ExistingRecord<T>; shared: number }> {
  const index = new Map<string, { chosen: ExistingRecord<T>; shared: number }>();
  for (const record of records) {
    const key = keyOf(record);
    if (key === null) continue;
    const known = index.get(key);
    if (known === undefined) index.set(key, { chosen: { id: record.id, record }, shared: 1 });
    else {
      known.shared += 1;
      if (prefer(record, known.chosen.record) < 0) known.chosen = { id: record.id, record };
    }
  }
  return index;
}

/** Lowest id first (numbers numerically, strings by code point). */
export function byId(a: { id: number | string }, b: { id: number | string }): number {
  if (typeof a.id === 'number' && typeof b.id === 'number') return a.id - b.id;
  const x = String(a.id);
  const y = String(b.id);
  return x < y ? -1 : x > y ? 1 : 0;
}

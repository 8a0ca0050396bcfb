import type { DesiredRecord } from '../desired/desired-record.js';

/**
 * Source rows that share a key: every one is reported and none is sent, since the fleet cannot tell which
 * is right (two jobs with one number, two vehicles with one serial, two employees with one number).
 */
export function markDuplicateKeys(
  records: readonly DesiredRecord[],
  field: string,
  name: (record: DesiredRecord) => string,
): void {
  const counts = new Map<string, number>();
  for (const record of records) counts.set(record.key, (counts.get(record.key) ?? 0) + 1);
  for (const record of records) {
    const count = counts.get(record.key) ?? 0;
    if (count > 1) record.problems.push({ field, reason: `${name(record)} appears in ${count} source rows` });
  }
}

/**
 * Records of different keys sharing a value SafetyAmp keeps unique (two employees with one e-mail): every one
 * is reported, naming the other keys, never the value (it may be personal data).
 */
export function markSharedValues(
  records: readonly DesiredRecord[],
  field: string,
  valueOf: (record: DesiredRecord) => string | null,
  reason: (otherKeys: string) => string,
): void {
  const holders = new Map<string, Set<string>>();
  for (const record of records) {
    const value = valueOf(record);
    if (value === null) continue;
    let keys = holders.get(value);
    if (keys === undefined) holders.set(value, (keys = new Set()));
    keys.add(record.key);
  }
  for (const record of records) {
    const value = valueOf(record);
    const keys = value === null ? undefined : holders.get(value);
    if (keys === undefined || keys.size < 2) continue;
    const others = [...keys].filter((key) => key !== record.key).join(', ');
    record.problems.push({ field, reason: reason(others) });
  }
}

import type { EntityType } from '../types.js';
import { comparable, roleIds } from './comparable.js';
import { DIFFED_FIELDS, type FieldKind } from './field-kinds.js';

/** A field of a record the fleet wrote that SafetyAmp now holds differently: someone changed it outside the fleet. */
export interface DriftFinding {
  type: EntityType;
  key: string;
  id: number | string;
  /** The field, or `(record)` for a record that is no longer listed at all. */
  field: string;
  /** What the listing holds now (null: no value, or no record). */
  found: unknown;
  /** What the fleet last knew it held: its own last write, or the last reconcile's listing. */
  written: unknown;
}

export const WHOLE_RECORD = '(record)';

function same(kind: FieldKind, a: unknown, b: unknown): boolean {
  if (kind === 'roles') {
    const [x, y] = [roleIds(a).sort(), roleIds(b).sort()];
    return x.length === y.length && x.every((id, i) => id === y[i]);
  }
  return comparable(kind, a) === comparable(kind, b);
}

/**
 * Compares what the mirror held (`known`) with a fresh listing (`listed`), for the records of the fleet's keys
 * (`keysById`: SafetyAmp id → fleet key, the records the fleet wrote): every field the fleet keeps in step whose
 * value differs (compared as the plan compares them, so formats never count) and every record gone from the
 * listing. Records the fleet never wrote are not its to report.
 */
export function findDrift(
  type: EntityType,
  known: readonly { id: number | string }[],
  listed: readonly { id: number | string }[],
  keysById: ReadonlyMap<string, string>,
): DriftFinding[] {
  const kinds = DIFFED_FIELDS[type];
  const now = new Map(listed.map((r) => [String(r.id), r as Record<string, unknown>]));
  const findings: DriftFinding[] = [];
  for (const before of known as readonly Record<string, unknown>[]) {
    const id = before.id as number | string;
    const key = keysById.get(String(id));
    if (key === undefined) continue;
    const after = now.get(String(id));
    if (after === undefined) {
      findings.push({ type, key, id, field: WHOLE_RECORD, found: null, written: 'present' });
      continue;
    }
    for (const [field, kind] of Object.entries(kinds)) {
      if (!(field in before) || !(field in after)) continue;
      if (!same(kind, before[field], after[field]))
        findings.push({ type, key, id, field, found: after[field] ?? null, written: before[field] ?? null });
    }
  }
  return findings;
}

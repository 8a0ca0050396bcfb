import type { EntityType, InvalidRecord } from '../domain/types.js';
import type { RunFailure } from '../state/run-records.js';
import { presentText, type DashboardRole } from './policy.js';
import { classifyReason } from './reason-class.js';

/** Why records were not synced: invalid (the source data), or failed (SafetyAmp refused or could not be reached). */
export type UnsyncedKind = 'invalid' | 'failed';

/** Records that share one reason: what operators hand on (HR fixes the invalid ones in Vista). */
export interface ReasonGroup {
  kind: UnsyncedKind;
  type: EntityType;
  /** The field at fault (invalid records), else the class of the failure (`rejected`, `timeout`…). */
  field: string;
  /** The reason with the values it quotes left out, so that records with the same problem share a group. */
  reason: string;
  count: number;
  /** The records' keys (emp_id, job number, serial): never personal data. */
  keys: string[];
}

const QUOTED = /"[^"]*"|'[^']*'|“[^”]*”/g;
const NUMBER = /\b\d+(?:[.,:-]\d+)*\b/g;
const MAX_REASON = 200;

/**
 * A reason as its group shows it: the text as `role` may see it, with quoted values and numbers (ids, keys,
 * counts) replaced, so `title "Foreman" is not in SafetyAmp` and `title "Welder" …` fall in one group.
 */
export function reasonPattern(role: DashboardRole, reason: string): string {
  const text = presentText(role, reason).replace(QUOTED, '"…"').replace(NUMBER, '#').replace(/\s+/g, ' ');
  return text.length > MAX_REASON ? `${text.slice(0, MAX_REASON - 1)}…` : text.trim();
}

/** One unsynced record, whichever way it was not synced. */
export interface UnsyncedRecord {
  kind: UnsyncedKind;
  type: EntityType;
  key: string;
  field: string;
  reason: string;
}

export function unsyncedOfInvalid(r: InvalidRecord): UnsyncedRecord {
  return { kind: 'invalid', type: r.type, key: r.key, field: r.field, reason: r.reason };
}

export function unsyncedOfFailure(f: RunFailure): UnsyncedRecord {
  return { kind: 'failed', type: f.type, key: f.key, field: classifyReason(f.reason), reason: f.reason };
}

/** Records grouped by kind, type, field and reason pattern; the largest groups first. */
export function groupByReason(records: readonly UnsyncedRecord[], role: DashboardRole): ReasonGroup[] {
  const groups = new Map<string, ReasonGroup>();
  for (const r of records) {
    const reason = reasonPattern(role, r.reason);
    const id = JSON.stringify([r.kind, r.type, r.field, reason]);
    let group = groups.get(id);
    if (!group) {
      group = { kind: r.kind, type: r.type, field: r.field, reason, count: 0, keys: [] };
      groups.set(id, group);
    }
    group.count += 1;
    group.keys.push(r.key);
  }
  return [...groups.values()].sort(
    (a, b) => b.count - a.count || a.kind.localeCompare(b.kind) || a.type.localeCompare(b.type),
  );
}

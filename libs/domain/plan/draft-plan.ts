import type { EntityType, InvalidRecord, PlannedChange, RecordWarning } from '../types.js';
import type { RecordOutcome } from './decide-records.js';
import { plannedChange } from './planned-change.js';

/** One type's plan over every key, before the scope narrows it. */
export interface DraftPlan {
  type: EntityType;
  changes: PlannedChange[];
  invalid: InvalidRecord[];
  warnings: RecordWarning[];
  unchangedKeys: string[];
  /** Key → SafetyAmp id of every desired record that exists. */
  keyIndex: Map<string, number | string>;
}

export function newDraftPlan(type: EntityType): DraftPlan {
  return { type, changes: [], invalid: [], warnings: [], unchangedKeys: [], keyIndex: new Map() };
}

/** Files each outcome as a change, an invalid record or an unchanged key, with its warnings. */
export function addOutcomes(
  draft: DraftPlan,
  outcomes: readonly RecordOutcome[],
  keyless: readonly InvalidRecord[] = [],
): void {
  draft.invalid.push(...keyless);
  for (const { record, existing, diff } of outcomes) {
    const { type, key } = record;
    if (existing !== undefined) draft.keyIndex.set(key, existing.id);
    for (const note of record.warnings) draft.warnings.push({ type, key, ...note });
    if (diff === undefined) {
      for (const note of record.problems) draft.invalid.push({ type, key, ...note });
    } else if (diff.action === 'unchanged') {
      draft.unchangedKeys.push(key);
    } else if (diff.action === 'create') {
      draft.changes.push(plannedChange({ type, key, action: 'create', payload: diff.payload }, record));
    } else {
      const id = existing?.id;
      draft.changes.push(
        plannedChange(
          { type, key, action: 'update', id, payload: diff.payload, previous: diff.previous },
          record,
        ),
      );
    }
  }
}

/** Appends the stages of one type planned in steps (cluster levels). */
export function mergeDraftPlans(type: EntityType, parts: readonly DraftPlan[]): DraftPlan {
  const merged = newDraftPlan(type);
  for (const part of parts) {
    merged.changes.push(...part.changes);
    merged.invalid.push(...part.invalid);
    merged.warnings.push(...part.warnings);
    merged.unchangedKeys.push(...part.unchangedKeys);
    for (const [key, id] of part.keyIndex) merged.keyIndex.set(key, id);
  }
  return merged;
}

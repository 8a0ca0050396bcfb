import type { DesiredRecord } from '../desired/desired-record.js';
import type { ReferenceIndex } from '../desired/references.js';
import type { EntityType, InvalidRecord } from '../types.js';
import { decideRecords } from './decide-records.js';
import type { RecordOutcome } from './decide-records.js';
import { addOutcomes, newDraftPlan } from './draft-plan.js';
import type { DraftPlan } from './draft-plan.js';
import { indexExisting } from './existing-index.js';
import { plannedCreateKeys } from './plan-scope.js';
import type { ResolvedScope } from './plan-scope.js';

export interface KeyedTypePlan {
  draft: DraftPlan;
  /** Every existing record of the type by key (desired or not), and the keys this plan creates. */
  refs: ReferenceIndex;
  outcomes: RecordOutcome[];
}

/**
 * Plans a type whose existing records carry their key (sites, titles, users, assets): each desired record is
 * matched with the existing record of its key, validated and diffed. `review` may still turn outcomes invalid
 * (checks that need every decision, like e-mails SafetyAmp already holds) before they are filed.
 */
export function planKeyedType<T extends { id: number | string }>(options: {
  type: EntityType;
  built: { records: DesiredRecord[]; keyless: InvalidRecord[] };
  existing: readonly T[];
  keyOf: (record: T) => string | null;
  prefer?: (a: T, b: T) => number;
  scope: ResolvedScope;
  review?: (outcomes: RecordOutcome[]) => void;
}): KeyedTypePlan {
  const { type, built, scope } = options;
  const index = indexExisting(options.existing, options.keyOf, options.prefer);
  const outcomes = decideRecords(built.records, (record) => {
    const found = index.get(record.key);
    if (found !== undefined && found.shared > 1) {
      record.warnings.push({
        field: 'id',
        reason: `SafetyAmp holds ${found.shared} ${type} with this key; the fleet keeps ${found.chosen.id}`,
      });
    }
    return found?.chosen;
  });
  options.review?.(outcomes);
  const draft = newDraftPlan(type);
  addOutcomes(draft, outcomes, built.keyless);
  const existing = new Map<string, number | string>();
  for (const [key, { chosen }] of index) existing.set(key, chosen.id);
  return { draft, refs: { existing, planned: plannedCreateKeys(draft, scope) }, outcomes };
}

import type { PlanScope } from '../settings.js';
import { ENTITY_TYPES } from '../types.js';
import type { EntityPlan, EntityType } from '../types.js';
import type { DraftPlan } from './draft-plan.js';

/** A PlanScope made easy to ask. */
export interface ResolvedScope {
  /** True when the scope names keys (a manual retry): no other record is deactivated, no guard applies. */
  keyed: boolean;
  includesType(type: EntityType): boolean;
  includes(type: EntityType, key: string): boolean;
}

export function resolveScope(scope: PlanScope = {}): ResolvedScope {
  const keys = scope.keys;
  const keySets = new Map<EntityType, Set<string>>();
  for (const type of ENTITY_TYPES) {
    const list = keys?.[type];
    if (list !== undefined) keySets.set(type, new Set(list));
  }
  const types = new Set<EntityType>(scope.types ?? (keys !== undefined ? keySets.keys() : ENTITY_TYPES));
  return {
    keyed: keys !== undefined,
    includesType: (type) => types.has(type),
    includes: (type, key) => types.has(type) && (keySets.get(type)?.has(key) ?? true),
  };
}

/** The part of a draft plan inside the scope; undefined when the type is out of scope. */
export function scopedEntityPlan(draft: DraftPlan, scope: ResolvedScope): EntityPlan | undefined {
  const { type } = draft;
  if (!scope.includesType(type)) return undefined;
  const inScope = (key: string): boolean => scope.includes(type, key);
  const keyIndex: Record<string, number | string> = {};
  for (const [key, id] of draft.keyIndex) if (inScope(key)) keyIndex[key] = id;
  return {
    type,
    changes: draft.changes.filter((change) => inScope(change.key)),
    invalid: draft.invalid.filter((record) => inScope(record.key)),
    warnings: draft.warnings.filter((warning) => inScope(warning.key)),
    unchanged: draft.unchangedKeys.filter(inScope).length,
    keyIndex,
  };
}

/**
 * Keys this plan creates, which others may reference before they exist. Normally the creates inside the scope;
 * when re-planning single keys (a retried job) every create of the full plan, since the run that queued the
 * retried job queued those creates too, and the worker waits for them.
 */
export function plannedCreateKeys(draft: DraftPlan, scope: ResolvedScope): Set<string> {
  const keys = new Set<string>();
  for (const change of draft.changes) {
    if (change.action === 'create' && (scope.keyed || scope.includes(draft.type, change.key)))
      keys.add(change.key);
  }
  return keys;
}

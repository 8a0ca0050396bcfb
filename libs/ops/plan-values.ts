import type { ChangeAction, EntityType, PlannedChange } from '../domain/types.js';

/** One field of one planned change: the value SafetyAmp holds now and the value the change writes. */
export interface FieldChange {
  type: EntityType;
  key: string;
  action: ChangeAction;
  field: string;
  /** null for a create (nothing there yet); undefined when the plan does not know the current value. */
  before: unknown;
  after: unknown;
}

/**
 * A planned change field by field, before → after. Present the change for the role first (`presentRecord`): its
 * personal fields' values are then masked on both sides.
 */
export function fieldChangesOf(change: PlannedChange): FieldChange[] {
  return Object.entries(change.payload).map(([field, after]) => ({
    type: change.type,
    key: change.key,
    action: change.action,
    field,
    before: change.action === 'create' ? null : change.previous?.[field],
    after,
  }));
}

import type { EntityRef, EntityType } from '../types.js';

/** What is known about one type's keys while a plan is built, in dependency order. */
export interface ReferenceIndex {
  /** Key → SafetyAmp id of records that exist. */
  existing: ReadonlyMap<string, number | string>;
  /** Keys created by this plan (creates inside the plan's scope). */
  planned: ReadonlySet<string>;
}

export type References = Partial<Record<EntityType, ReferenceIndex>>;

/**
 * The payload value pointing at another entity: its SafetyAmp id when it exists, an EntityRef when this plan
 * creates it (the worker resolves it at write time), undefined when it is neither.
 */
export function resolveReference(
  refs: References,
  type: EntityType,
  key: string,
): number | string | EntityRef | undefined {
  const index = refs[type];
  if (index === undefined) return undefined;
  const id = index.existing.get(key);
  if (id !== undefined) return id;
  return index.planned.has(key) ? { $ref: type, key } : undefined;
}

export function isEntityRef(value: unknown): value is EntityRef {
  return typeof value === 'object' && value !== null && '$ref' in value && 'key' in value;
}

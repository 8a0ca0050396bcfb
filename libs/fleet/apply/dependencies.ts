import { isEntityRef } from '../../domain/index.js';
import type { EntityRef, EntityType, Payload, PlannedChange } from '../../domain/types.js';

/** The references of a payload to records created in the same run. */
export function refsOf(payload: Payload): { field: string; ref: EntityRef }[] {
  return Object.entries(payload)
    .filter((entry): entry is [string, EntityRef] => isEntityRef(entry[1]))
    .map(([field, ref]) => ({ field, ref }));
}

/** For each change, the job ids of the creates in the same plan that it refers to. */
export function dependencyJobIds(
  changes: readonly PlannedChange[],
  jobIdOf: (change: PlannedChange) => string,
): Map<PlannedChange, { type: EntityType; key: string; jobId: string }[]> {
  const creates = new Map<string, PlannedChange>();
  for (const c of changes) if (c.action === 'create') creates.set(`${c.type}\u0000${c.key}`, c);
  const result = new Map<PlannedChange, { type: EntityType; key: string; jobId: string }[]>();
  for (const change of changes) {
    const deps = refsOf(change.payload).flatMap(({ ref }) => {
      const target = creates.get(`${ref.$ref}\u0000${ref.key}`);
      return target ? [{ type: ref.$ref, key: ref.key, jobId: jobIdOf(target) }] : [];
    });
    result.set(change, deps);
  }
  return result;
}

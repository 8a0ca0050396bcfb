import { planRun, type PlanScope, type PlanSettings } from '../domain/index.js';
import { ENTITY_TYPES, type EntityType, type PlannedChange, type RunPlan } from '../domain/types.js';
import type { Mirror } from '../state/mirror.js';
import { readSources, readSourcesForRecord, type SourceReaders } from './source-readers.js';

export interface SyncPlannerDeps {
  /** The source readers, built on first use. */
  readers: () => Promise<SourceReaders>;
  mirror: Mirror;
  settings: PlanSettings;
  now: () => Date;
}

export type RecordReplan =
  | { kind: 'change'; change: PlannedChange }
  | { kind: 'unchanged' }
  | { kind: 'invalid'; field: string; reason: string };

/** Reads the sources and the mirror and asks the domain what must change. No SafetyAmp call, no queue. */
export class SyncPlanner {
  constructor(private readonly deps: SyncPlannerDeps) {}

  async plan(types: readonly EntityType[] = ENTITY_TYPES): Promise<RunPlan> {
    const readers = await this.deps.readers();
    const [source, current] = await Promise.all([
      readSources(readers, types, this.deps.now()),
      this.deps.mirror.snapshot(),
    ]);
    return planRun(source, current, this.deps.settings, { types: [...types] });
  }

  /** Plans one record from current source data: what a retried job must do now. */
  async replan(type: EntityType, key: string): Promise<RecordReplan> {
    const readers = await this.deps.readers();
    const [source, current] = await Promise.all([
      readSourcesForRecord(readers, type, key, this.deps.now()),
      this.deps.mirror.snapshot(),
    ]);
    const scope: PlanScope = { types: [type], keys: { [type]: [key] } };
    const plan = planRun(source, current, this.deps.settings, scope);
    const entity = plan.entities[type];
    const invalid = entity?.invalid.find((r) => r.key === key);
    if (invalid) return { kind: 'invalid', field: invalid.field, reason: invalid.reason };
    const change = entity?.changes.find((c) => c.key === key);
    return change ? { kind: 'change', change } : { kind: 'unchanged' };
  }
}

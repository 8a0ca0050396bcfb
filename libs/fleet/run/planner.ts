import { planRun, type PlanScope, type PlanSettings } from '../../domain/index.js';
import { ENTITY_TYPES, type EntityType, type PlannedChange, type RunPlan } from '../../domain/types.js';
import type { Mirror } from '../../state/mirror.js';
import type { SkippedType } from '../../state/run-records.js';
import {
  readSources,
  readSourcesForRecord,
  sourcesOf,
  type SourceReadOutcome,
  type SourceReaders,
} from './read-sources.js';

export interface SyncPlannerDeps {
  /** The source readers, built on first use. */
  readers: () => Promise<SourceReaders>;
  mirror: Mirror;
  settings: PlanSettings;
  now: () => Date;
}

/** A run's plan, the types left out of it because a source they need could not be read, and how each read went. */
export interface PlanOutcome {
  plan: RunPlan;
  skipped: SkippedType[];
  sources: SourceReadOutcome[];
}

export type RecordReplan =
  | { kind: 'change'; change: PlannedChange }
  | { kind: 'unchanged' }
  | { kind: 'invalid'; field: string; reason: string };

/** Reads the sources and the mirror and asks the domain what must change. No SafetyAmp call, no queue. */
export class SyncPlanner {
  constructor(private readonly deps: SyncPlannerDeps) {}

  async plan(types: readonly EntityType[] = ENTITY_TYPES): Promise<PlanOutcome> {
    const readers = await this.deps.readers();
    const [read, current] = await Promise.all([
      readSources(readers, types, this.deps.now()),
      this.deps.mirror.snapshot(),
    ]);
    const skipped: SkippedType[] = [];
    const planned = types.filter((type) => {
      const down = sourcesOf(type).filter((source) => read.unavailable[source] !== undefined);
      for (const source of down)
        skipped.push({ type, source, reason: `${source} unavailable (${read.unavailable[source]})` });
      return down.length === 0;
    });
    const plan = planned.length
      ? planRun(read.snapshot, current, this.deps.settings, { types: planned })
      : { entities: {}, blocked: [] };
    return { plan, skipped, sources: read.outcomes };
  }

  /** Plans one record from current source data: what a retried job must do now. Throws when a source is down. */
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

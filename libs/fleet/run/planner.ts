import { createHash } from 'node:crypto';
import { isEntityRef, planRun, type PlanScope, type PlanSettings } from '../../domain/index.js';
import {
  ENTITY_TYPES,
  type EntityType,
  type PlannedChange,
  type RunPlan,
  type SafetyAmpSnapshot,
  type SourceSnapshot,
} from '../../domain/types.js';
import type { Mirror } from '../../state/mirror.js';
import type { SkippedType } from '../../state/run-records.js';
import type { SourceCache } from '../../state/source-cache.js';
import { CACHE_NAMES } from './cached-reads.js';
import {
  readSources,
  readSourcesForRecord,
  sourcesOf,
  type SourceRead,
  type SourceReadOutcome,
  type SourceReaders,
} from './read-sources.js';

export interface SyncPlannerDeps {
  /** The source readers, built on first use. */
  readers: () => Promise<SourceReaders>;
  mirror: Mirror;
  settings: PlanSettings;
  now: () => Date;
  /**
   * Where runs keep their last reads, so a run asks each source the cheap question first; absent: every run reads
   * every source in full.
   */
  sourceCache?: { cache: SourceCache; fullReadIntervalMs: number };
}

/** What a run plans: some types, and (to sync named records now) only some keys of them. */
export interface PlanRequest {
  types?: readonly EntityType[];
  keys?: Partial<Record<EntityType, readonly string[]>>;
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

/**
 * The plan of named records (sync them now), with the creates they refer to (a new hire's new site and title), and
 * theirs, so that every reference resolves in this run: planned again with the referenced keys added until none
 * is missing (at most once per type in the chain, usually not at all).
 */
function planNamedRecords(
  snapshot: SourceSnapshot,
  current: SafetyAmpSnapshot,
  settings: PlanSettings,
  types: EntityType[],
  named: NonNullable<PlanRequest['keys']>,
): RunPlan {
  const keys: Partial<Record<EntityType, string[]>> = {};
  for (const type of types) if (named[type]?.length) keys[type] = [...(named[type] ?? [])];
  for (;;) {
    const scoped = ENTITY_TYPES.filter((t) => keys[t]);
    const plan = planRun(snapshot, current, settings, { types: scoped, keys });
    const changes = scoped.flatMap((t) => plan.entities[t]?.changes ?? []);
    let added = false;
    for (const change of changes) {
      for (const value of Object.values(change.payload)) {
        if (!isEntityRef(value) || !types.includes(value.$ref)) continue;
        const list = (keys[value.$ref] ??= []);
        if (!list.includes(value.key)) {
          list.push(value.key);
          added = true;
        }
      }
    }
    if (!added) return plan;
  }
}

/** The kept plan's name in the source cache. */
const PLAN_MEMO = 'plan';
/** Larger plans are not kept: they are the first runs, whose writes move the mirror's version anyway. */
const PLAN_MEMO_MAX_CHANGES = 1_000;

/** A plan to keep: its key indexes were recorded when it was made, and are what make it large. */
function withoutKeyIndex(plan: RunPlan): RunPlan {
  const entities: RunPlan['entities'] = {};
  for (const [type, entity] of Object.entries(plan.entities) as [
    EntityType,
    NonNullable<RunPlan['entities'][EntityType]>,
  ][])
    entities[type] = { ...entity, keyIndex: {} };
  return { ...plan, entities };
}

/** Reads the sources and the mirror and asks the domain what must change. No SafetyAmp call, no queue. */
export class SyncPlanner {
  constructor(private readonly deps: SyncPlannerDeps) {}

  async plan(request: PlanRequest = {}): Promise<PlanOutcome> {
    const types = request.types?.length ? request.types : ENTITY_TYPES;
    const readers = await this.deps.readers();
    const cache = this.deps.sourceCache;
    const read = await readSources(
      readers,
      types,
      this.deps.now(),
      cache ? { ...cache, now: this.deps.now } : undefined,
    );
    const skipped: SkippedType[] = [];
    const planned = types.filter((type) => {
      const down = sourcesOf(type).filter((source) => read.unavailable[source] !== undefined);
      for (const source of down)
        skipped.push({ type, source, reason: `${source} unavailable (${read.unavailable[source]})` });
      return down.length === 0;
    });
    // Syncing named records: only a named type left out is worth reporting.
    if (request.keys)
      skipped.splice(0, skipped.length, ...skipped.filter((s) => request.keys?.[s.type]?.length));
    const plan = !planned.length
      ? { entities: {}, blocked: [] }
      : request.keys
        ? planNamedRecords(
            read.snapshot,
            await this.deps.mirror.snapshot(),
            this.deps.settings,
            planned,
            request.keys,
          )
        : await this.planTypes(read, planned);
    return { plan, skipped, sources: read.outcomes };
  }

  /**
   * planRun over the read and the mirror, or the same plan kept from the last run when neither changed since: a
   * plan is a pure function of the sources' data, the mirror's records, the settings and the types, so while the
   * kept reads (their generation), the mirror (its version) and those are the same, so is the plan. A run with
   * nothing new then costs no mirror read and no planning.
   */
  private async planTypes(read: SourceRead, types: EntityType[]): Promise<RunPlan> {
    const memo = this.deps.sourceCache?.cache;
    if (!memo)
      return planRun(read.snapshot, await this.deps.mirror.snapshot(), this.deps.settings, { types });
    // The version is read before the records: a write in between makes the next stamp differ, never match.
    const stamp = [
      types.join(','),
      await this.deps.mirror.version(),
      await memo.generation(),
      this.settingsStamp,
    ].join('|');
    if (read.outcomes.every((o) => o.ok && o.mode === 'unchanged')) {
      const kept = await memo.get<RunPlan>(PLAN_MEMO);
      if (kept?.cursor === stamp) return kept.data;
    }
    const plan = planRun(read.snapshot, await this.deps.mirror.snapshot(), this.deps.settings, { types });
    const changes = Object.values(plan.entities).reduce((n, e) => n + (e?.changes.length ?? 0), 0);
    if (changes <= PLAN_MEMO_MAX_CHANGES) {
      await memo.putDerived(PLAN_MEMO, {
        data: withoutKeyIndex(plan),
        cursor: stamp,
        fullReadAt: this.deps.now(),
      });
    } else await memo.clear([PLAN_MEMO]);
    return plan;
  }

  private get settingsStamp(): string {
    return createHash('sha1').update(JSON.stringify(this.deps.settings)).digest('hex').slice(0, 12);
  }

  /** Forgets the kept source reads: the next plan reads every source in full (after a reconcile). */
  async forgetSourceReads(): Promise<void> {
    await this.deps.sourceCache?.cache.clear(CACHE_NAMES);
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

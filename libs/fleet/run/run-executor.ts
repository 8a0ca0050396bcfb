import type { Job } from 'bullmq';
import { ENTITY_TYPES, type EntityType, type PlannedChange, type RunPlan } from '../../domain/types.js';
import type { Logger } from '../../platform/logger.js';
import type { RunJobData } from '../../queue/job-types.js';
import type { RateLimit } from '../../safetyamp/rate-limit.js';
import type { Mirror } from '../../state/mirror.js';
import { isQuiet, type EntityCounts, type RunRecords, type RunSummary } from '../../state/run-records.js';
import type { CallAccounting } from '../call-accounting.js';
import { enqueueChanges, type EnqueueDeps } from './enqueue-changes.js';
import type { SyncPlanner } from './planner.js';
import { runDeadline } from './run-deadline.js';
import type { RunJobsWatch } from './run-jobs-watch.js';
import type { RunObserver } from './run-observer.js';

export interface RunExecutorDeps extends EnqueueDeps {
  runRecords: RunRecords;
  mirror: Mirror;
  planner: SyncPlanner;
  /** Rebuilds the mirror from full listings, as part of the run `runId`. */
  reconcile: (runId: string) => Promise<unknown>;
  watch: RunJobsWatch;
  accounting: CallAccounting;
  budget: RateLimit;
  /** RUN_MAX_DURATION: how long a run may take from its start; absent = derived from its drain estimate. */
  maxDurationMs?: number;
  /** Told how the sources' reads went and how each run ended. */
  observers?: readonly RunObserver[];
  now: () => Date;
  logger: Logger;
}

/**
 * Executes one run job: plan, record the plan, enqueue one job per change in dependency order, wait (on events)
 * until every job of the run has settled or the run's deadline passes, record the outcome. Types whose source
 * could not be read are skipped and types the mass-change guard stopped are blocked; the others sync. A run job
 * executed again (its producer died) plans again: job ids are deterministic, so what is queued is not queued twice
 * and what is done is not planned again.
 */
export class RunExecutor {
  constructor(private readonly deps: RunExecutorDeps) {}

  async execute(job: Job<RunJobData>): Promise<RunSummary> {
    const runId = String(job.id);
    const { runRecords } = this.deps;
    const data = job.data;
    const startedAt = this.deps.now();
    await runRecords.start(runId, data.kind, data.trigger, !!data.dryRun, startedAt);
    const log = this.deps.logger.child({ runId });
    try {
      await this.deps.accounting.forRun(runId, () => this.executeInRun(runId, data, startedAt, log));
    } catch (err) {
      await runRecords.finish(runId, 'failed', this.deps.now(), { error: (err as Error).message });
      log.error('run failed', { error: err });
      await this.notify(log, (o) => this.finished(o, runId));
      throw err;
    }
    const summary = (await runRecords.get(runId)) as RunSummary;
    await this.notify(log, (o) => o.runFinished?.(summary));
    if (!data.keys && (await this.foldedQuiet(summary))) log.debug('quiet run: counted, not kept');
    return summary;
  }

  /** A quiet run (nothing to do, nothing new wrong) is folded into the quiet-run count instead of kept. */
  private async foldedQuiet(summary: RunSummary): Promise<boolean> {
    if (summary.trigger !== 'schedule') return false;
    const lastKept = (await this.deps.runRecords.list(2)).find((r) => r.runId !== summary.runId);
    if (!isQuiet(summary, lastKept)) return false;
    const took = Date.parse(summary.finishedAt ?? '') - Date.parse(summary.startedAt);
    await this.deps.runRecords.foldQuiet(summary.runId, this.deps.now(), Number.isNaN(took) ? 0 : took);
    return true;
  }

  private async finished(observer: RunObserver, runId: string): Promise<void> {
    const summary = await this.deps.runRecords.get(runId);
    if (summary) await observer.runFinished?.(summary);
  }

  private async notify(
    log: Logger,
    tell: (observer: RunObserver) => Promise<void> | undefined,
  ): Promise<void> {
    for (const observer of this.deps.observers ?? []) {
      await Promise.resolve(tell(observer)).catch((error: unknown) =>
        log.warn('a run observer failed', { error }),
      );
    }
  }

  private async executeInRun(runId: string, data: RunJobData, startedAt: Date, log: Logger): Promise<void> {
    const { runRecords, mirror } = this.deps;
    if (data.kind === 'reconcile' || (await mirror.isEmpty())) {
      log.info('reconciling the mirror from full SafetyAmp listings');
      await this.deps.reconcile(runId);
      // Every reconcile is followed by full source reads, so nothing a cheap read missed survives it.
      await this.deps.planner.forgetSourceReads();
      if (data.kind === 'reconcile') {
        await runRecords.finish(runId, 'completed', this.deps.now());
        return;
      }
    }
    const types = data.types?.length
      ? ENTITY_TYPES.filter((t) => data.types?.includes(t))
      : [...ENTITY_TYPES];
    const { plan, skipped, sources } = await this.deps.planner.plan({
      types,
      ...(data.keys ? { keys: data.keys } : {}),
    });
    await this.notify(log, (o) => o.sourcesRead?.(sources));
    const blockedTypes = new Set(plan.blocked.map((b) => b.type));
    const changes = types.filter((t) => !blockedTypes.has(t)).flatMap((t) => plan.entities[t]?.changes ?? []);
    const notChecked = new Map(
      await Promise.all(skipped.map(async (s) => [s.type, await mirror.size(s.type)] as const)),
    );
    await runRecords.recordPlan(runId, planCounts(plan, notChecked, !!data.dryRun), invalidOf(plan), skipped);
    for (const s of skipped) log.warn('type skipped: a source it needs is unavailable', { ...s });
    if (plan.blocked.length) log.error('mass-change guard blocked types', { blocked: plan.blocked });
    log.info('planned', { changes: changes.length, byType: countByType(changes) });
    const outcome = plan.blocked.length ? 'blocked' : 'completed';
    if (data.dryRun) {
      await runRecords.recordPlannedChanges(runId, changes);
      await runRecords.finish(runId, outcome, this.deps.now(), { blocked: plan.blocked });
      return;
    }
    for (const type of types) await mirror.indexKeys(type, plan.entities[type]?.keyIndex ?? {});
    const pending = await enqueueChanges(this.deps, runId, changes, { urgent: data.keys !== undefined });
    const deadline = runDeadline({
      startedAt,
      enqueuedAt: this.deps.now(),
      calls: pending.size,
      budget: this.deps.budget,
      ...((data.maxDurationMs ?? this.deps.maxDurationMs) !== undefined
        ? { maxDurationMs: data.maxDurationMs ?? this.deps.maxDurationMs }
        : {}),
    });
    await runRecords.setRunning(runId, deadline);
    const unfinished = await this.deps.watch.waitFor(runId, pending, deadline);
    if (Object.keys(unfinished).length) {
      log.error('run timed out: its unfinished jobs stay queued', {
        unfinished,
        deadline: deadline.toISOString(),
      });
      await runRecords.finish(runId, 'timed_out', this.deps.now(), { unfinished, blocked: plan.blocked });
      return;
    }
    const status = await runRecords.finish(runId, outcome, this.deps.now(), { blocked: plan.blocked });
    log.info('run finished', { status });
  }
}

/**
 * The counts a plan knows: unchanged and invalid, skipped (for a type left out, the records of it the fleet holds:
 * none of them was checked), and for a dry run what it would write.
 */
function planCounts(
  plan: RunPlan,
  skipped: ReadonlyMap<EntityType, number>,
  dryRun: boolean,
): Partial<Record<EntityType, Partial<EntityCounts>>> {
  const counts: Partial<Record<EntityType, Partial<EntityCounts>>> = {};
  for (const [type, entity] of Object.entries(plan.entities) as [
    EntityType,
    NonNullable<RunPlan['entities'][EntityType]>,
  ][]) {
    counts[type] = { unchanged: entity.unchanged, invalid: entity.invalid.length };
    if (dryRun) {
      const of = (action: PlannedChange['action']): number =>
        entity.changes.filter((c) => c.action === action).length;
      Object.assign(counts[type], {
        created: of('create'),
        updated: of('update'),
        deactivated: of('deactivate'),
      });
    }
  }
  for (const [type, records] of skipped) counts[type] = { ...counts[type], skipped: records };
  return counts;
}

function invalidOf(plan: RunPlan) {
  return Object.values(plan.entities).flatMap((e) => e?.invalid ?? []);
}

function countByType(changes: readonly PlannedChange[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of changes) counts[c.type] = (counts[c.type] ?? 0) + 1;
  return counts;
}

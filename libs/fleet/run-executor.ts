import type { Job } from 'bullmq';
import { changeJobId } from '../domain/index.js';
import { ENTITY_TYPES, type EntityType, type PlannedChange, type RunPlan } from '../domain/types.js';
import type { Logger } from '../platform/logger.js';
import type { FleetQueues } from '../queue/fleet-queues.js';
import { entityJobOptions, type EntityJobPolicy } from '../queue/job-options.js';
import type { EntityJobData, RunJobData } from '../queue/job-types.js';
import type { Mirror } from '../state/mirror.js';
import type { RunRecords, RunSummary } from '../state/run-records.js';
import type { CallAccounting } from './call-accounting.js';
import { dependencyJobIds } from './dependencies.js';
import { failureClassOf } from '../queue/failure-reasons.js';
import type { SyncPlanner } from './planner.js';

export interface RunExecutorDeps {
  queues: FleetQueues;
  runRecords: RunRecords;
  mirror: Mirror;
  planner: SyncPlanner;
  reconcile: () => Promise<unknown>;
  accounting: CallAccounting;
  jobPolicy: EntityJobPolicy;
  now: () => Date;
  logger: Logger;
  /** How often the producer looks at the states of the run's jobs while it waits for them. */
  pollMs?: number;
}

const SETTLED = new Set(['completed', 'failed', 'unknown']);
const ADD_CHUNK = 1_000;
const WAIT_CHUNK = 200;

/** A job name that says what it does to which record, by key, never by a person's name. */
export function entityJobName(change: PlannedChange): string {
  return `${change.action} ${change.type} ${change.key}`;
}

/**
 * Executes one run job: plan, record, enqueue one job per change in dependency order, wait until every job of the
 * run has settled, record the outcome. A run job that is retried (its producer died) plans again: job ids are
 * deterministic, so what is already queued is not queued twice and what is done is not planned again.
 */
export class RunExecutor {
  constructor(private readonly deps: RunExecutorDeps) {}

  async execute(job: Job<RunJobData>): Promise<RunSummary> {
    const runId = String(job.id);
    const { runRecords } = this.deps;
    const data = job.data;
    await runRecords.start(runId, data.kind, data.trigger, !!data.dryRun, this.deps.now());
    const log = this.deps.logger.child({ runId });
    try {
      await this.deps.accounting.forRun(runId, () => this.executeInRun(runId, data, log));
    } catch (err) {
      await runRecords.finish(runId, 'failed', this.deps.now(), (err as Error).message);
      log.error('run failed', { error: err });
      throw err;
    }
    return (await runRecords.get(runId)) as RunSummary;
  }

  private async executeInRun(runId: string, data: RunJobData, log: Logger): Promise<void> {
    const { runRecords, mirror } = this.deps;
    if (data.kind === 'reconcile' || (await mirror.isEmpty())) {
      log.info('reconciling the mirror from full SafetyAmp listings');
      await this.deps.reconcile();
      if (data.kind === 'reconcile') {
        await runRecords.finish(runId, 'completed', this.deps.now());
        return;
      }
    }
    const types = data.types?.length
      ? ENTITY_TYPES.filter((t) => data.types?.includes(t))
      : [...ENTITY_TYPES];
    const plan = await this.deps.planner.plan(types);
    if (plan.blocked.length) {
      await runRecords.setBlocked(runId, plan.blocked);
      await runRecords.finish(
        runId,
        'blocked',
        this.deps.now(),
        plan.blocked.map((b) => `${b.type}: ${b.reason}`).join('; '),
      );
      log.error('plan blocked by the mass-change guard', { blocked: plan.blocked });
      return;
    }
    await this.recordPlan(runId, plan);
    const changes = types.flatMap((t) => plan.entities[t]?.changes ?? []);
    log.info('planned', { changes: changes.length, byType: countByType(changes) });
    if (data.dryRun) {
      await runRecords.recordPlannedChanges(runId, changes);
      await runRecords.finish(runId, 'completed', this.deps.now());
      return;
    }
    for (const type of types) await mirror.indexKeys(type, plan.entities[type]?.keyIndex ?? {});
    await runRecords.setStatus(runId, 'running');
    const pending = await this.enqueue(runId, changes, log);
    await this.waitForJobs(runId, pending);
    await runRecords.finish(runId, 'completed', this.deps.now());
    log.info('run finished');
  }

  private async recordPlan(runId: string, plan: RunPlan): Promise<void> {
    const counts: Partial<Record<EntityType, { unchanged: number; invalid: number }>> = {};
    for (const [type, entity] of Object.entries(plan.entities) as [
      EntityType,
      NonNullable<RunPlan['entities'][EntityType]>,
    ][])
      counts[type] = { unchanged: entity.unchanged, invalid: entity.invalid.length };
    await this.deps.runRecords.recordPlan(
      runId,
      counts,
      Object.values(plan.entities).flatMap((e) => e?.invalid ?? []),
    );
  }

  /**
   * Adds the run's jobs, clusters first and assets last. A job id already in the failed set is retried when it
   * failed for a transient reason; when it was refused for its data (same data, same id) it stays failed and counts
   * as failed on this run too, so that nobody mistakes a partial sync for a complete one. A completed job with the
   * same id (the same change made before, e.g. a user deactivated, re-activated and deactivated again) is removed
   * so that the change is made again.
   */
  private async enqueue(
    runId: string,
    changes: PlannedChange[],
    log: Logger,
  ): Promise<Map<string, EntityType>> {
    const pending = new Map<string, EntityType>();
    const dependencies = dependencyJobIds(changes, changeJobId);
    for (const type of ENTITY_TYPES) {
      const queue = this.deps.queues.entities[type];
      const ofType = changes.filter((c) => c.type === type);
      if (!ofType.length) continue;
      const [failed, completed] = await Promise.all([
        queue.getRanges(['failed'], 0, -1).then((ids) => new Set(ids)),
        queue.getRanges(['completed'], 0, -1).then((ids) => new Set(ids)),
      ]);
      const toAdd: {
        name: string;
        data: EntityJobData;
        opts: ReturnType<typeof entityJobOptions> & { jobId: string };
      }[] = [];
      for (const change of ofType) {
        const jobId = changeJobId(change);
        if (failed.has(jobId)) {
          const outcome = await this.retryFailed(runId, type, change.key, jobId);
          if (outcome === 'refused') continue;
          if (outcome === 'retried') {
            pending.set(jobId, type);
            continue;
          }
        }
        if (completed.has(jobId)) await queue.remove(jobId);
        pending.set(jobId, type);
        toAdd.push({
          name: entityJobName(change),
          data: { runId, change, dependsOn: dependencies.get(change) ?? [] },
          opts: { ...entityJobOptions(this.deps.jobPolicy), jobId },
        });
      }
      for (let i = 0; i < toAdd.length; i += ADD_CHUNK) await queue.addBulk(toAdd.slice(i, i + ADD_CHUNK));
      log.info('enqueued', { type, jobs: toAdd.length });
    }
    return pending;
  }

  /** Retries a failed job of a transient failure; records one refused for its data as failed on this run. */
  private async retryFailed(
    runId: string,
    type: EntityType,
    key: string,
    jobId: string,
  ): Promise<'retried' | 'refused' | 'gone'> {
    const previous = await this.deps.queues.entities[type].getJob(jobId);
    if (!previous) return 'gone';
    if (failureClassOf(previous.failedReason) === 'transient') {
      await previous.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: false });
      return 'retried';
    }
    await this.deps.runRecords.recordFailure(runId, { type, key, jobId, reason: previous.failedReason });
    return 'refused';
  }

  /**
   * Waits until every job of the run is completed or failed, and records each failure with its reason. Jobs settle
   * roughly in the order they were added, so each look checks the oldest pending jobs a chunk at a time and stops
   * at the first chunk that is still busy: a look costs a chunk, not the whole run.
   */
  private async waitForJobs(runId: string, pending: Map<string, EntityType>): Promise<void> {
    const pollMs = this.deps.pollMs ?? 1_000;
    while (pending.size) {
      let settledAll = true;
      while (settledAll && pending.size) {
        const chunk = [...take(pending.entries(), WAIT_CHUNK)];
        const states = await Promise.all(
          chunk.map(([jobId, type]) => this.deps.queues.entities[type].getJobState(jobId)),
        );
        for (const [i, [jobId, type]] of chunk.entries()) {
          const state = states[i] ?? 'unknown';
          if (!SETTLED.has(state)) {
            settledAll = false;
            continue;
          }
          pending.delete(jobId);
          if (state === 'failed') await this.recordFailedJob(runId, type, jobId);
        }
      }
      if (pending.size) await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  private async recordFailedJob(runId: string, type: EntityType, jobId: string): Promise<void> {
    const job = await this.deps.queues.entities[type].getJob(jobId);
    await this.deps.runRecords.recordFailure(runId, {
      type,
      key: job?.data.change.key ?? jobId,
      jobId,
      reason: job?.failedReason ?? 'failed',
    });
  }
}

function* take<T>(items: Iterator<T>, count: number): Generator<T> {
  for (let i = 0; i < count; i++) {
    const next = items.next();
    if (next.done) return;
    yield next.value;
  }
}

function countByType(changes: PlannedChange[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of changes) counts[c.type] = (counts[c.type] ?? 0) + 1;
  return counts;
}

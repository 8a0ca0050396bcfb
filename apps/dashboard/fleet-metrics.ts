import type { Queue } from 'bullmq';
import { Counter, Gauge, Registry } from 'prom-client';
import { ENTITY_TYPES } from '../../libs/domain/types.js';
import {
  backlogCalls,
  budgetCallsPerSecond,
  classifyReason,
  drainSeconds,
  lastPlannedRun,
  RECENT_RUNS,
  readQueueCounts,
  type OpsContext,
} from '../../libs/ops/index.js';
import type { RunSummary } from '../../libs/state/index.js';

/**
 * The fleet as Prometheus sees it, read from Redis at every scrape (the dashboard holds no state of its own but
 * which finished runs it has counted). Labels are queue names, job states, entity types and bounded reason
 * classes: never a key, a name or a message. See METRICS.md.
 */
export interface FleetMetrics {
  registry: Registry;
  /** Reads the fleet and sets every gauge; rejects when Redis cannot be read. */
  refresh(): Promise<void>;
}

function runOutcome(run: RunSummary): string {
  return run.status;
}

export function createFleetMetrics(ctx: OpsContext): FleetMetrics {
  const registry = new Registry();
  const gauge = (name: string, help: string, labelNames: string[] = []) =>
    new Gauge({ name, help, labelNames, registers: [registry] });

  const queueJobs = gauge('safetyamp_queue_jobs', 'Jobs per fleet queue and BullMQ state', [
    'queue',
    'state',
  ]);
  const oldestWaiting = gauge(
    'safetyamp_queue_oldest_waiting_job_age_seconds',
    'Age of the oldest job waiting to be taken, per queue (0 when none waits)',
    ['queue'],
  );
  const backlog = gauge(
    'safetyamp_backlog_calls',
    'SafetyAmp calls still to make: waiting, delayed, active and prioritized entity jobs (one call each)',
  );
  const drain = gauge(
    'safetyamp_backlog_drain_seconds',
    'Estimated seconds to drain the backlog at the full rate budget (backlog / budget per second): the HPA signal',
  );
  const budgetRate = gauge(
    'safetyamp_rate_budget_calls_per_second',
    'Configured SafetyAmp budget in calls per second',
  );
  const budgetUsed = gauge(
    'safetyamp_rate_budget_used_calls',
    'Budget slots taken in the current sliding window',
  );
  const budgetMax = gauge('safetyamp_rate_budget_max_calls', 'Budget slots per window');
  const budgetRatio = gauge(
    'safetyamp_rate_budget_utilisation_ratio',
    'Share of the budget used in the window (1 = full)',
  );
  const budgetPaused = gauge(
    'safetyamp_rate_budget_paused_seconds',
    'Remaining fleet pause after a 429 (0 when none)',
  );
  const paused = gauge('safetyamp_fleet_paused', '1 when the fleet is paused from the dashboard or the CLI');
  const workers = gauge('safetyamp_workers', 'Live workers by the state of their SafetyAmp circuit breaker', [
    'breaker',
  ]);
  const invalid = gauge(
    'safetyamp_last_run_invalid_records',
    'Invalid records of the last sync run by entity type and field',
    ['type', 'reason_class'],
  );
  const failed = gauge(
    'safetyamp_last_run_failed_records',
    'Failed records of the last sync run by entity type and reason class',
    ['type', 'reason_class'],
  );
  const runs = new Counter({
    name: 'safetyamp_runs_total',
    help: 'Runs finished since this dashboard started, by kind (sync, dry_run, reconcile) and outcome',
    labelNames: ['kind', 'outcome'],
    registers: [registry],
  });

  // Runs already finished when the dashboard first looked are not counted again: the counter starts at 0.
  let counted: Set<string> | null = null;

  async function oldestWaitingAge(queue: Queue, now: number): Promise<number> {
    const [oldest] = await queue.getJobs(['wait'], 0, 0, true);
    return oldest ? Math.max(0, (now - oldest.timestamp) / 1000) : 0;
  }

  async function read(): Promise<void> {
    const now = Date.now();
    const [counts, ages, usage, isPaused, alive, recent] = await Promise.all([
      readQueueCounts(ctx.queues),
      Promise.all(ctx.queues.all().map(async (q) => [q.name, await oldestWaitingAge(q, now)] as const)),
      ctx.limiter.usage(),
      ctx.control.isPaused(),
      ctx.workers.alive(),
      ctx.runRecords.list(RECENT_RUNS),
    ]);
    const lastRun = lastPlannedRun(recent);

    queueJobs.reset();
    for (const q of counts)
      for (const [state, n] of Object.entries(q.counts)) queueJobs.set({ queue: q.queue, state }, n);
    oldestWaiting.reset();
    for (const [queue, age] of ages) oldestWaiting.set({ queue }, age);

    const calls = backlogCalls(counts.filter((q) => q.entityType !== null).map((q) => q.counts));
    backlog.set(calls);
    drain.set(drainSeconds(calls, ctx.rateBudget));
    budgetRate.set(budgetCallsPerSecond(ctx.rateBudget));
    budgetUsed.set(usage.used);
    budgetMax.set(usage.max);
    budgetRatio.set(usage.max > 0 ? usage.used / usage.max : 0);
    budgetPaused.set(usage.pausedForMs / 1000);
    paused.set(isPaused ? 1 : 0);

    workers.reset();
    for (const state of ['closed', 'halfOpen', 'open'] as const) {
      workers.set({ breaker: state }, alive.filter((w) => w.breaker === state).length);
    }

    invalid.reset();
    failed.reset();
    if (lastRun) {
      for (const type of ENTITY_TYPES) {
        for (const r of lastRun.invalid.filter((i) => i.type === type))
          invalid.inc({ type, reason_class: r.field });
        for (const f of lastRun.failures.filter((x) => x.type === type)) {
          failed.inc({ type, reason_class: classifyReason(f.reason) });
        }
      }
    }

    const finished = recent.filter((r) => r.finishedAt !== null);
    if (counted === null) counted = new Set(finished.map((r) => r.runId));
    for (const run of finished) {
      if (counted.has(run.runId)) continue;
      counted.add(run.runId);
      runs.inc({ kind: run.kind === 'sync' && run.dryRun ? 'dry_run' : run.kind, outcome: runOutcome(run) });
    }
    const kept = new Set(recent.map((r) => r.runId));
    for (const id of counted) if (!kept.has(id)) counted.delete(id);
  }

  // Scrapes never overlap: two at once would count a newly finished run twice.
  let last: Promise<void> = Promise.resolve();
  const refresh = (): Promise<void> => (last = last.catch(() => undefined).then(read));

  return { registry, refresh };
}

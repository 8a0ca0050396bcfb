import type { Queue } from 'bullmq';
import { Gauge, Registry, type Metric } from 'prom-client';
import { ENTITY_TYPES } from '../../libs/domain/types.js';
import { ENTITY_QUEUE_NAMES } from '../../libs/queue/names.js';
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
import {
  FINAL_RUN_STATUSES,
  METRIC_SOURCES,
  RUN_COUNTERS,
  RUN_DURATION_BUCKETS,
  RUN_METRIC_KINDS,
  SOURCE_ERROR_CLASSES,
  SOURCE_READ_BUCKETS,
  type FleetCounts,
  type HistogramCounts,
} from '../../libs/state/index.js';

/**
 * The fleet as Prometheus sees it, read from Redis at every scrape: the dashboard holds no state of its own, so
 * every replica serves the same numbers (aggregate with max(), never sum()). Labels are queue names, job states, entity types and bounded reason
 * classes: never a key, a name or a message. See docs/monitoring.md.
 */
export interface FleetMetrics {
  registry: Registry;
  /** Reads the fleet and sets every gauge; rejects when Redis cannot be read. */
  refresh(): Promise<void>;
}

interface Sample {
  labels: Record<string, string>;
  value: number;
  metricName?: string;
}

/**
 * A metric whose samples are read, whole, from a snapshot the scrape took (the fleet's counters in Redis): every
 * replica serves the same numbers, and series exist at 0 before anything happened.
 */
function snapshotMetric(
  registry: Registry,
  name: string,
  help: string,
  type: 'counter' | 'gauge' | 'histogram',
  samples: () => Sample[],
): void {
  const metric = {
    name,
    help,
    type,
    aggregator: 'sum',
    get: () => Promise.resolve({ name, help, type, aggregator: 'sum', values: samples() }),
    reset: () => undefined,
  };
  registry.registerMetric(metric as unknown as Metric);
}

function histogramSamples(
  name: string,
  labels: Record<string, string>,
  bounds: readonly number[],
  h: HistogramCounts,
): Sample[] {
  return [
    ...bounds.map((le, i) => ({
      metricName: `${name}_bucket`,
      labels: { ...labels, le: String(le) },
      value: h.buckets[i] ?? 0,
    })),
    { metricName: `${name}_bucket`, labels: { ...labels, le: '+Inf' }, value: h.count },
    { metricName: `${name}_sum`, labels, value: h.sum },
    { metricName: `${name}_count`, labels, value: h.count },
  ];
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
  const pausedFor = gauge(
    'safetyamp_fleet_paused_seconds',
    'How long the fleet has been paused (since a dashboard scrape first saw it paused); 0 when running',
  );
  const workers = gauge(
    'safetyamp_workers',
    'Live workers (processes taking entity jobs) by the state of their SafetyAmp circuit breaker',
    ['breaker'],
  );
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
  let counts: FleetCounts | null = null;
  let rateLimitedTotal = 0;
  snapshotMetric(
    registry,
    'safetyamp_rate_limited_total',
    'SafetyAmp 429 answers in the whole fleet (each paused every worker for Retry-After), counted in Redis',
    'counter',
    () => [{ labels: {}, value: rateLimitedTotal }],
  );
  const fromCounts = (of: (c: FleetCounts) => Sample[]) => (): Sample[] => (counts ? of(counts) : []);
  snapshotMetric(
    registry,
    'safetyamp_runs_total',
    'Runs finished, by kind (sync, dry_run, reconcile) and outcome, counted in Redis where each run finishes',
    'counter',
    fromCounts((c) =>
      RUN_METRIC_KINDS.flatMap((kind) =>
        FINAL_RUN_STATUSES.map((outcome) => ({ labels: { kind, outcome }, value: c.runs[kind][outcome] })),
      ),
    ),
  );
  snapshotMetric(
    registry,
    'safetyamp_run_deadline_exceeded_total',
    'Runs that reached their deadline (RUN_MAX_DURATION or the drain estimate) and ended timed_out, by kind',
    'counter',
    fromCounts((c) => RUN_METRIC_KINDS.map((kind) => ({ labels: { kind }, value: c.runs[kind].timed_out }))),
  );
  snapshotMetric(
    registry,
    'safetyamp_run_duration_seconds',
    'How long finished runs took, from start to their final status, by kind',
    'histogram',
    fromCounts((c) =>
      RUN_METRIC_KINDS.flatMap((kind) =>
        histogramSamples(
          'safetyamp_run_duration_seconds',
          { kind },
          RUN_DURATION_BUCKETS,
          c.runDuration[kind],
        ),
      ),
    ),
  );
  snapshotMetric(
    registry,
    'safetyamp_last_successful_run_timestamp_seconds',
    'When the last run of a kind that did its work (completed, or completed with invalid/failed records) ended; 0 = never',
    'gauge',
    fromCounts((c) => RUN_METRIC_KINDS.map((kind) => ({ labels: { kind }, value: c.lastSuccess[kind] }))),
  );
  snapshotMetric(
    registry,
    'safetyamp_records_total',
    'Records of finished sync runs by entity type and outcome (created, updated, deactivated, unchanged, invalid, failed, skipped)',
    'counter',
    fromCounts((c) =>
      ENTITY_TYPES.flatMap((type) =>
        RUN_COUNTERS.map((outcome) => ({ labels: { type, outcome }, value: c.records[type][outcome] })),
      ),
    ),
  );
  snapshotMetric(
    registry,
    'safetyamp_source_read_duration_seconds',
    'How long reading a source for a plan took (failed reads included), by source',
    'histogram',
    fromCounts((c) =>
      METRIC_SOURCES.flatMap((source) =>
        histogramSamples(
          'safetyamp_source_read_duration_seconds',
          { source },
          SOURCE_READ_BUCKETS,
          c.sources[source].reads,
        ),
      ),
    ),
  );
  snapshotMetric(
    registry,
    'safetyamp_source_rows_read_total',
    'Rows and records read from a source by successful reads',
    'counter',
    fromCounts((c) =>
      METRIC_SOURCES.map((source) => ({ labels: { source }, value: c.sources[source].rows })),
    ),
  );
  snapshotMetric(
    registry,
    'safetyamp_source_read_errors_total',
    'Failed source reads by source and error class (auth, timeout, unavailable, bad_answer, other)',
    'counter',
    fromCounts((c) =>
      METRIC_SOURCES.flatMap((source) =>
        SOURCE_ERROR_CLASSES.map((error_class) => ({
          labels: { source, error_class },
          value: c.sources[source].errors[error_class],
        })),
      ),
    ),
  );
  snapshotMetric(
    registry,
    'safetyamp_source_last_success_timestamp_seconds',
    'When a source was last read successfully; 0 = never',
    'gauge',
    fromCounts((c) =>
      METRIC_SOURCES.map((source) => ({ labels: { source }, value: c.sources[source].lastSuccess })),
    ),
  );

  async function oldestWaitingAge(queue: Queue, now: number): Promise<number> {
    const [oldest] = await queue.getJobs(['wait'], 0, 0, true);
    return oldest ? Math.max(0, (now - oldest.timestamp) / 1000) : 0;
  }

  async function read(): Promise<void> {
    const now = Date.now();
    const [queueCounts, ages, usage, isPaused, alive, recent, fleetCounts] = await Promise.all([
      readQueueCounts(ctx.queues),
      Promise.all(ctx.queues.all().map(async (q) => [q.name, await oldestWaitingAge(q, now)] as const)),
      ctx.limiter.usage(),
      ctx.control.isPaused(),
      ctx.workers.alive(),
      ctx.runRecords.list(RECENT_RUNS),
      ctx.counters.read(),
    ]);
    counts = fleetCounts;
    rateLimitedTotal = usage.pausesTotal;
    const lastRun = lastPlannedRun(recent);

    queueJobs.reset();
    for (const q of queueCounts)
      for (const [state, n] of Object.entries(q.counts)) queueJobs.set({ queue: q.queue, state }, n);
    oldestWaiting.reset();
    for (const [queue, age] of ages) oldestWaiting.set({ queue }, age);

    const calls = backlogCalls(queueCounts.filter((q) => q.entityType !== null).map((q) => q.counts));
    backlog.set(calls);
    drain.set(drainSeconds(calls, ctx.rateBudget));
    budgetRate.set(budgetCallsPerSecond(ctx.rateBudget));
    budgetUsed.set(usage.used);
    budgetMax.set(usage.max);
    budgetRatio.set(usage.max > 0 ? usage.used / usage.max : 0);
    budgetPaused.set(usage.pausedForMs / 1000);
    paused.set(isPaused ? 1 : 0);
    pausedFor.set(await ctx.counters.pausedForSeconds(isPaused, new Date(now)));

    workers.reset();
    // Workers are the processes that take entity jobs; a producer beats too (on the runs queue) but writes nothing.
    const entityWorkers = alive.filter((w) => w.queues.some((q) => ENTITY_QUEUE_NAMES.includes(q)));
    for (const state of ['closed', 'halfOpen', 'open'] as const) {
      workers.set({ breaker: state }, entityWorkers.filter((w) => w.breaker === state).length);
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
  }

  // Scrapes never overlap: each reads the fleet whole.
  let last: Promise<void> = Promise.resolve();
  const refresh = (): Promise<void> => (last = last.catch(() => undefined).then(read));

  return { registry, refresh };
}

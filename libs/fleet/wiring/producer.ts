import { checkReadiness, type ReadinessReport } from '../readiness.js';
import { randomUUID } from 'node:crypto';
import { Worker } from 'bullmq';
import { createLogger } from '../../platform/logger.js';
import type { RedisConnections } from '../../queue/connections.js';
import { EntityQueueEvents } from '../../queue/entity-queue-events.js';
import type { FleetQueues } from '../../queue/fleet-queues.js';
import type { RunJobData, ScheduleTickData } from '../../queue/job-types.js';
import { RUNS_QUEUE, SCHEDULE_QUEUE } from '../../queue/names.js';
import type { RunSummary } from '../../state/run-records.js';
import { CallAccounting } from '../call-accounting.js';
import { SyncPlanner } from '../run/planner.js';
import { reconcileMirror } from '../run/reconcile.js';
import { requestRun } from '../run/request-run.js';
import { RunExecutor } from '../run/run-executor.js';
import { RunJobsWatch } from '../run/run-jobs-watch.js';
import { sourceHealthObserver } from '../run/source-health-observer.js';
import { RunMetricsObserver } from '../run/run-metrics.js';
import type { RunObserver } from '../run/run-observer.js';
import { failedJobRetentionDays, type FleetConfig } from './fleet-config.js';
import { startHeartbeat } from './heartbeat.js';
import { lazySourceReaders } from './lazy-source-readers.js';
import { planSettingsFrom } from './plan-settings.js';
import { buildRateLimiter, buildSafetyAmpClient } from './safetyamp.js';
import { openStores } from './stores.js';
import { closeWorkers, logWorkerEvents } from './worker-events.js';

const RUN_HANDBACK_GRACE_MS = 2_000;

/** Run execution in this process: its breaker's state (for readiness) and a handle to stop it. */
export interface RunExecution {
  /** Redis, this process's SafetyAmp breaker, each source's last read; never calls SafetyAmp nor a source. */
  readiness(): Promise<ReadinessReport>;
  /** Stops taking runs and waits up to `timeoutMs` for the one executing; then hands it back. */
  close(timeoutMs: number): Promise<void>;
}

/**
 * The producer's parts, wired one way: stores → SafetyAmp client (for reconciles) → sources → planner → executor,
 * and a BullMQ worker on the runs queue that executes one run at a time across the whole fleet (global concurrency
 * 1), telling `observers` how each run ended. With `schedule`, it also registers the schedules and takes their ticks, each of which requests a run.
 */
export async function startRunExecution(
  config: FleetConfig,
  connections: RedisConnections,
  options: { schedule: boolean; observers?: readonly RunObserver[] },
): Promise<RunExecution> {
  const logger = createLogger('producer');
  const stores = openStores(connections.commands, config);
  const { queues, runRecords, mirror, registry, sourceHealth, prefix, counters, sourceCache } = stores;
  const limiter = buildRateLimiter(config, connections.commands);
  const accounting = new CallAccounting((runId, calls) => runRecords.addCalls(runId, calls));
  const client = buildSafetyAmpClient(config, connections.commands, limiter, () => accounting.countCall());
  const readers = lazySourceReaders(config);
  const now = (): Date => new Date();
  const planner = new SyncPlanner({
    readers: readers.get,
    mirror,
    settings: planSettingsFrom(config.sync),
    now,
    sourceCache: { cache: sourceCache, fullReadIntervalMs: config.sync.SOURCE_FULL_READ_INTERVAL },
  });
  const events = new EntityQueueEvents(connections, prefix);
  await events.waitUntilReady();
  const executor = new RunExecutor({
    queues,
    mirror,
    runRecords,
    planner,
    reconcile: (runId) => reconcileMirror(client, mirror, now, { runId, log: stores.drift }),
    watch: new RunJobsWatch({ queues, events, runRecords, logger }),
    accounting,
    budget: config.safetyamp.SAFETYAMP_RATE_LIMIT,
    ...(config.sync.RUN_MAX_DURATION !== undefined ? { maxDurationMs: config.sync.RUN_MAX_DURATION } : {}),
    jobPolicy: {
      attempts: config.worker.JOB_ATTEMPTS,
      backoffMs: config.worker.JOB_BACKOFF_MS,
      failedRetentionDays: failedJobRetentionDays(config),
    },
    observers: [
      sourceHealthObserver(sourceHealth),
      new RunMetricsObserver(counters),
      ...(options.observers ?? []),
    ],
    now,
    logger,
  });
  await queues.runs.setGlobalConcurrency(1);
  const lock = {
    lockDuration: config.worker.RUN_LOCK_MS,
    stalledInterval: Math.max(1_000, Math.floor(config.worker.RUN_LOCK_MS / 2)),
  };
  const producerId = `producer-${randomUUID().slice(0, 8)}`;
  const workers: Worker[] = [
    new Worker<RunJobData, RunSummary>(RUNS_QUEUE, (job) => executor.execute(job), {
      connection: connections.forWorkers(),
      prefix,
      // A run job's `processedBy` names the producer executing it (its heartbeat says which pid, on which host).
      name: producerId,
      concurrency: 1,
      ...lock,
      maxStalledCount: 3,
    }),
  ];
  if (options.schedule) {
    await registerSchedules(queues, config);
    workers.push(
      new Worker<ScheduleTickData>(
        SCHEDULE_QUEUE,
        (tick) => requestRun(queues.runs, { kind: tick.data.kind, trigger: 'schedule', coalesce: true }),
        { connection: connections.forWorkers(), prefix, name: producerId, concurrency: 1, ...lock },
      ),
    );
  }
  for (const worker of workers) logWorkerEvents(worker, logger);
  // A Redis restarted without persistence has forgotten the runs queue's global concurrency and the schedules: set
  // them again each time the connection is back (both are idempotent), or runs could overlap and never be scheduled.
  const reassertFleetSettings = (): void => {
    void Promise.all([
      queues.runs.setGlobalConcurrency(1),
      options.schedule ? registerSchedules(queues, config) : undefined,
    ]).catch((err: unknown) =>
      logger.warn('could not set the runs queue up again after a reconnect', {
        error: (err as Error).message,
      }),
    );
  };
  connections.commands.on('ready', reassertFleetSettings);
  const stopHeartbeat = startHeartbeat(registry, {
    workerId: producerId,
    queues: [RUNS_QUEUE],
    concurrency: 1,
    breakerState: () => client.breakerState(),
  });
  return {
    readiness: () =>
      checkReadiness({ redis: connections.commands, sourceHealth, breaker: () => client.breakerState() }),
    close: async (timeoutMs) => {
      connections.commands.off('ready', reassertFleetSettings);
      stopHeartbeat();
      // A run mostly waits for its jobs, which a graceful close would wait for too: after a short grace the run job
      // is handed back, and the next producer to take it plans again (its jobs are not queued twice).
      await closeWorkers(workers, Math.min(timeoutMs, RUN_HANDBACK_GRACE_MS), logger);
      await events.close().catch(() => undefined);
      client.close();
      await readers.close();
      await queues.close().catch(() => undefined);
    },
  };
}

/**
 * Registers the schedules (idempotently, by fixed scheduler ids, so producer replicas never double-schedule): each
 * tick of `SYNC_SCHEDULE` / `RECONCILE_SCHEDULE` in `SYNC_TIMEZONE` requests a run.
 */
async function registerSchedules(queues: FleetQueues, config: FleetConfig): Promise<void> {
  const tz = config.sync.SYNC_TIMEZONE;
  const tick = { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } };
  await queues.schedule.upsertJobScheduler(
    'sync',
    { pattern: config.sync.SYNC_SCHEDULE, tz },
    { name: 'sync', data: { kind: 'sync' }, opts: tick },
  );
  await queues.schedule.upsertJobScheduler(
    'reconcile',
    { pattern: config.sync.RECONCILE_SCHEDULE, tz },
    { name: 'reconcile', data: { kind: 'reconcile' }, opts: tick },
  );
}

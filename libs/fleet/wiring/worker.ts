import { checkReadiness, type ReadinessReport } from '../readiness.js';
import { randomUUID } from 'node:crypto';
import { Worker } from 'bullmq';
import type { EntityType } from '../../domain/types.js';
import { createLogger } from '../../platform/logger.js';
import type { RedisConnections } from '../../queue/connections.js';
import type { EntityJobData, EntityJobResult } from '../../queue/job-types.js';
import { entityQueueName } from '../../queue/names.js';
import { ChangeApplier } from '../apply/change-applier.js';
import { CallAccounting } from '../call-accounting.js';
import { SyncPlanner } from '../run/planner.js';
import type { FleetConfig } from './fleet-config.js';
import { startHeartbeat } from './heartbeat.js';
import { lazySourceReaders } from './lazy-source-readers.js';
import { planSettingsFrom } from './plan-settings.js';
import { buildRateLimiter, buildSafetyAmpClient } from './safetyamp.js';
import { openStores } from './stores.js';
import { closeWorkers, logWorkerEvents } from './worker-events.js';

/** Change application in this process: its readiness and a handle to stop it. */
export interface ChangeApplication {
  workerId: string;
  /** Redis, this process's SafetyAmp breaker, each source's last read; never calls SafetyAmp nor a source. */
  readiness(): Promise<ReadinessReport>;
  /** Stops taking jobs and waits up to `timeoutMs` for the active ones; the rest are handed back. */
  close(timeoutMs: number): Promise<void>;
}

/**
 * The worker's parts, wired one way: stores → SafetyAmp client → (sources → planner, built on first re-plan) →
 * change applier → one BullMQ worker per entity queue. Nothing here calls back into a worker.
 */
export function startChangeApplication(
  config: FleetConfig,
  connections: RedisConnections,
  types: readonly EntityType[],
): ChangeApplication {
  const logger = createLogger('worker');
  const stores = openStores(connections.commands, config);
  const { queues, runRecords, mirror, audit, intents, registry, sourceHealth, prefix } = stores;
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
  });
  const applier = new ChangeApplier({
    client,
    redis: connections.commands,
    mirror,
    audit,
    intents,
    queues,
    replan: (type, key) => planner.replan(type, key),
    now,
    logger,
    dependencyDelayMs: 2_000,
    breakerDelayMs: 15_000,
  });
  const workerId = `worker-${randomUUID().slice(0, 8)}`;
  const workers = types.map((type) => {
    const worker = new Worker<EntityJobData, EntityJobResult>(
      entityQueueName(type),
      (job, token) => accounting.forRun(job.data.runId, () => applier.apply(job, token)),
      {
        connection: connections.forWorkers(),
        prefix,
        // A job's `processedBy` names the process holding it (its heartbeat says which pid, on which host).
        name: workerId,
        concurrency: config.worker.WORKER_CONCURRENCY,
        lockDuration: config.worker.WORKER_LOCK_MS,
        stalledInterval: Math.max(1_000, Math.floor(config.worker.WORKER_LOCK_MS / 2)),
        maxStalledCount: 5,
      },
    );
    logWorkerEvents(worker, logger);
    return worker;
  });
  const stopHeartbeat = startHeartbeat(registry, {
    workerId,
    queues: types.map(entityQueueName),
    concurrency: config.worker.WORKER_CONCURRENCY,
    breakerState: () => client.breakerState(),
  });
  return {
    workerId,
    readiness: () =>
      checkReadiness({ redis: connections.commands, sourceHealth, breaker: () => client.breakerState() }),
    close: async (timeoutMs) => {
      stopHeartbeat();
      await closeWorkers(workers, timeoutMs, logger);
      client.close();
      await readers.close();
      await queues.close().catch(() => undefined);
    },
  };
}

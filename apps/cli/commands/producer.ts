import { parseArgs } from 'node:util';
import { loadConfig } from '../../../libs/platform/config.js';
import { startHealthServer } from '../../../libs/platform/health-server.js';
import { configureLogging, createLogger } from '../../../libs/platform/logger.js';
import { collectProcessMetrics } from '../../../libs/platform/metrics.js';
import { onShutdown } from '../../../libs/platform/shutdown.js';
import { FLEET_SECTIONS, FleetRuntime } from '../../../libs/fleet/runtime.js';
import { runJobOptions } from '../../../libs/queue/job-options.js';

/** `fleet producer`: registers the schedules (idempotently) and executes run jobs, one at a time fleet-wide. */
export async function main(args: string[]): Promise<void> {
  parseArgs({ args, options: {}, strict: true });
  const config = loadConfig(FLEET_SECTIONS);
  configureLogging({ level: config.logging.LOG_LEVEL, format: config.logging.LOG_FORMAT });
  collectProcessMetrics();
  const log = createLogger('producer');
  const runtime = new FleetRuntime(config);
  const tz = config.sync.SYNC_TIMEZONE;
  // Upserting by a fixed scheduler id is what keeps several producer replicas from double-scheduling.
  await runtime.queues.runs.upsertJobScheduler(
    'scheduled-sync',
    { pattern: config.sync.SYNC_SCHEDULE, tz },
    { name: 'sync', data: { kind: 'sync', trigger: 'schedule' }, opts: runJobOptions },
  );
  await runtime.queues.runs.upsertJobScheduler(
    'scheduled-reconcile',
    { pattern: config.sync.RECONCILE_SCHEDULE, tz },
    { name: 'reconcile', data: { kind: 'reconcile', trigger: 'schedule' }, opts: runJobOptions },
  );
  await runtime.startRunWorker();
  const health = await startHealthServer(config.worker.WORKER_PORT, {
    ready: async () => ({ ok: (await runtime.redis.ping()) === 'PONG', detail: {} }),
    shuttingDown: () => shutdown.stopping(),
  });
  const shutdown = onShutdown(log, config.worker.WORKER_SHUTDOWN_TIMEOUT_MS, async () => {
    await runtime.closeWorkers(config.worker.WORKER_SHUTDOWN_TIMEOUT_MS);
    await health.close();
    await runtime.close();
  });
  log.info('producer started', {
    schedule: config.sync.SYNC_SCHEDULE,
    reconcile: config.sync.RECONCILE_SCHEDULE,
    timezone: tz,
    healthPort: health.port,
  });
  await new Promise(() => undefined);
}

import { startRunExecution } from '../../../libs/fleet/wiring/producer.js';
import { startHealthServer } from '../../../libs/platform/health-server.js';
import { collectProcessMetrics } from '../../../libs/platform/metrics.js';
import { onShutdown } from '../../../libs/platform/shutdown.js';
import { parseCommandArgs } from '../command-usage.js';
import { startFleetProcess } from '../fleet-process.js';
import { followFleetLogLevel } from '../follow-log-level.js';
import { runReporterFrom } from '../run-report-wiring.js';
import { usage } from '../usage/producer.js';

/** `fleet producer`: registers the schedules (idempotently) and executes runs, one at a time fleet-wide. */
export async function main(args: string[]): Promise<void> {
  parseCommandArgs(usage, args);
  const fleet = await startFleetProcess('producer', { failFast: false });
  const { config, connections, logger } = fleet;
  const logLevel = await followFleetLogLevel(fleet);
  collectProcessMetrics();
  const reporter = runReporterFrom(config, connections.commands, logger);
  const execution = await startRunExecution(config, connections, {
    schedule: true,
    ...(reporter ? { observers: [reporter] } : {}),
  });
  const health = await startHealthServer(config.worker.WORKER_PORT, {
    // 503 only without Redis; an open breaker or a source that is down leaves it degraded. Never calls SafetyAmp.
    ready: () => execution.readiness(),
    shuttingDown: () => shutdown.stopping(),
  });
  const shutdown = onShutdown(logger, config.worker.WORKER_SHUTDOWN_TIMEOUT_MS, async () => {
    await execution.close(config.worker.WORKER_SHUTDOWN_TIMEOUT_MS);
    reporter?.close();
    await health.close();
    await logLevel.close();
    await connections.close();
  });
  logger.info('producer started', {
    schedule: config.sync.SYNC_SCHEDULE,
    reconcile: config.sync.RECONCILE_SCHEDULE,
    timezone: config.sync.SYNC_TIMEZONE,
    healthPort: health.port,
    runReport: reporter?.channelNames ?? [],
  });
  await new Promise(() => undefined);
}

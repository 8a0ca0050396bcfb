import { startChangeApplication } from '../../../libs/fleet/wiring/worker.js';
import { startHealthServer } from '../../../libs/platform/health-server.js';
import { collectProcessMetrics } from '../../../libs/platform/metrics.js';
import { onShutdown } from '../../../libs/platform/shutdown.js';
import { parseEntityTypes } from '../entity-types-option.js';
import { parseCommandArgs } from '../command-usage.js';
import { startFleetProcess } from '../fleet-process.js';
import { followFleetLogLevel } from '../follow-log-level.js';
import { usage } from '../usage/worker.js';

/** `fleet worker [--queues users,assets]`: applies entity jobs to SafetyAmp until SIGTERM. */
export async function main(args: string[]): Promise<void> {
  const { values } = parseCommandArgs(usage, args);
  const types = parseEntityTypes(values.queues, '--queues');
  const fleet = await startFleetProcess('worker', { failFast: false });
  const { config, connections, logger } = fleet;
  const logLevel = await followFleetLogLevel(fleet);
  collectProcessMetrics();
  const application = startChangeApplication(config, connections, types);
  const health = await startHealthServer(config.worker.WORKER_PORT, {
    // 503 only without Redis; an open breaker or a source that is down leaves it degraded. Never calls SafetyAmp.
    ready: () => application.readiness(),
    shuttingDown: () => shutdown.stopping(),
  });
  const shutdown = onShutdown(logger, config.worker.WORKER_SHUTDOWN_TIMEOUT_MS, async () => {
    await application.close(config.worker.WORKER_SHUTDOWN_TIMEOUT_MS);
    await health.close();
    await logLevel.close();
    await connections.close();
  });
  logger.info('worker started', {
    workerId: application.workerId,
    queues: types,
    concurrency: config.worker.WORKER_CONCURRENCY,
    healthPort: health.port,
  });
  await new Promise(() => undefined);
}

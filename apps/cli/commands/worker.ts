import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ENTITY_TYPES, type EntityType } from '../../../libs/domain/types.js';
import { loadConfig, ConfigurationError } from '../../../libs/platform/config.js';
import { startHealthServer } from '../../../libs/platform/health-server.js';
import { configureLogging, createLogger } from '../../../libs/platform/logger.js';
import { collectProcessMetrics } from '../../../libs/platform/metrics.js';
import { onShutdown } from '../../../libs/platform/shutdown.js';
import { FLEET_SECTIONS, FleetRuntime } from '../../../libs/fleet/runtime.js';

/** `fleet worker [--queues users,assets]`: applies entity jobs to SafetyAmp until SIGTERM. */
export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { queues: { type: 'string' } }, strict: true });
  const types = parseTypes(values.queues);
  const config = loadConfig(FLEET_SECTIONS);
  configureLogging({ level: config.logging.LOG_LEVEL, format: config.logging.LOG_FORMAT });
  collectProcessMetrics();
  const log = createLogger('worker');
  const runtime = new FleetRuntime(config);
  runtime.startEntityWorkers(types);
  const workerId = `worker-${randomUUID().slice(0, 8)}`;
  const stopHeartbeat = runtime.heartbeat(
    workerId,
    types.map((t) => `sync-${t}`),
  );
  const health = await startHealthServer(config.worker.WORKER_PORT, {
    // Ready while Redis answers and the breaker around SafetyAmp is not open; never calls SafetyAmp itself.
    ready: async () => {
      const redis = (await runtime.redis.ping()) === 'PONG';
      const breaker = runtime.client.breakerState();
      return { ok: redis && breaker !== 'open', detail: { redis, breaker } };
    },
    shuttingDown: () => shutdown.stopping(),
  });
  const shutdown = onShutdown(log, config.worker.WORKER_SHUTDOWN_TIMEOUT_MS, async () => {
    stopHeartbeat();
    await runtime.closeWorkers(config.worker.WORKER_SHUTDOWN_TIMEOUT_MS);
    await health.close();
    await runtime.close();
  });
  log.info('worker started', {
    workerId,
    queues: types,
    concurrency: config.worker.WORKER_CONCURRENCY,
    healthPort: health.port,
  });
  await new Promise(() => undefined);
}

export function parseTypes(text: string | undefined): EntityType[] {
  if (!text) return [...ENTITY_TYPES];
  const names = text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(ENTITY_TYPES as readonly string[]).includes(n));
  if (unknown.length)
    throw new ConfigurationError([
      `--queues/--entities: unknown type ${unknown.join(', ')} (one of ${ENTITY_TYPES.join(', ')})`,
    ]);
  return ENTITY_TYPES.filter((t) => names.includes(t));
}

import { loadConfig } from '../../libs/platform/config.js';
import { configureLogging, createLogger, type Logger } from '../../libs/platform/logger.js';
import { redisPreflight } from '../../libs/platform/redis-preflight.js';
import { observeRedis } from '../../libs/platform/redis-metrics.js';
import { RedisConnections, redisTargetFrom } from '../../libs/queue/connections.js';
import { FLEET_SECTIONS, type FleetConfig } from '../../libs/fleet/wiring/fleet-config.js';

export interface FleetProcess {
  config: FleetConfig;
  connections: RedisConnections;
  logger: Logger;
}

/**
 * What every fleet process does first: read and check the configuration (a bad variable stops it, named), set up
 * logging, connect to Redis and check it can keep the fleet's jobs (noeviction) before anything is queued. A Redis
 * that does not answer at start stops the process (the preflight has its own timeout); once started, the fleet's
 * processes wait out a Redis outage unless `failFast`.
 */
export async function startFleetProcess(
  component: string,
  options: { failFast: boolean; overrides?: Partial<FleetConfig['sync']> },
): Promise<FleetProcess> {
  const loaded = loadConfig(FLEET_SECTIONS);
  const config = options.overrides ? { ...loaded, sync: { ...loaded.sync, ...options.overrides } } : loaded;
  configureLogging({ level: config.logging.LOG_LEVEL, format: config.logging.LOG_FORMAT });
  const logger = createLogger(component);
  const connections = new RedisConnections(
    { ...redisTargetFrom(config.redis), failFast: options.failFast },
    logger,
  );
  try {
    await redisPreflight(
      connections.commands,
      { allowEviction: config.redis.REDIS_ALLOW_EVICTION, url: config.redis.REDIS_URL },
      logger,
    );
  } catch (err) {
    await connections.close();
    throw err;
  }
  observeRedis(connections.commands, 'commands');
  return { config, connections, logger };
}

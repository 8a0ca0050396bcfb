import { FleetLogLevel } from '../../libs/platform/fleet-log-level.js';
import { redisKeyPrefix } from '../../libs/queue/key-prefix.js';
import type { FleetProcess } from './fleet-process.js';

/** A long-running process follows the fleet's runtime log level (set from the dashboard); close it at shutdown. */
export async function followFleetLogLevel({ config, connections }: FleetProcess): Promise<FleetLogLevel> {
  const level = new FleetLogLevel(
    connections.commands,
    redisKeyPrefix(config.redis.QUEUE_PREFIX),
    config.logging.LOG_LEVEL,
  );
  await level.follow();
  return level;
}

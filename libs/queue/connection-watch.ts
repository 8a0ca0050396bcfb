import type { Logger } from '../platform/logger.js';
import type { RedisClient } from '../platform/redis-client.js';

/**
 * Logs a Redis connection's state changes, one line each: `redis connection lost` (or `redis unreachable` when it
 * never came up) with the error's code, and `redis connection back` when it is ready again. Being an `error`
 * listener, it also keeps ioredis from printing `Unhandled error event` lines during an outage. Closing on purpose
 * (`closing()` true) is not a loss.
 */
export function watchConnection(
  redis: RedisClient,
  role: string,
  logger: Logger,
  closing: () => boolean,
): void {
  let state: 'starting' | 'up' | 'down' = redis.status === 'ready' ? 'up' : 'starting';
  const lost = (err?: Error): void => {
    if (state === 'down' || closing()) return;
    logger.warn(state === 'up' ? 'redis connection lost' : 'redis unreachable', {
      role,
      error: err ? ((err as NodeJS.ErrnoException).code ?? err.message) : 'closed',
    });
    state = 'down';
  };
  redis.on('error', (err: Error) => lost(err));
  redis.on('close', () => {
    if (state === 'up') lost();
  });
  redis.on('ready', () => {
    if (state === 'down') logger.info('redis connection back', { role });
    state = 'up';
  });
}

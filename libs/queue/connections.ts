import { Redis } from 'ioredis';

/**
 * A Redis connection for BullMQ. Workers and QueueEvents need `maxRetriesPerRequest: null` (blocking commands);
 * queues and plain commands get a bounded retry so a missing Redis fails fast instead of hanging a request.
 */
export function createRedisConnection(url: string, purpose: 'blocking' | 'commands' = 'commands'): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: purpose === 'blocking' ? null : 3,
    enableReadyCheck: true,
    connectTimeout: 5_000,
    lazyConnect: false,
  });
}

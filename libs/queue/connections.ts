import type { Redis } from 'ioredis';
import type { Logger } from '../platform/logger.js';
import { ConnectionWatch } from './connection-watch.js';
import {
  openRedisClient,
  type NodeOptions,
  type RedisClient,
  type RedisTarget,
} from '../platform/redis-client.js';

export type { RedisClient, RedisTarget } from '../platform/redis-client.js';
export { redisTargetFrom } from '../platform/redis-client.js';

export interface RedisConnectionSettings extends RedisTarget {
  /**
   * Commands give up after a few reconnection attempts instead of waiting for Redis to come back: right for a
   * web request, wrong for a worker's bookkeeping after a write (which should wait). A cluster client has no such
   * count while the whole cluster is unreachable, so it refuses commands then (no offline queue): be ready first
   * (the Redis preflight waits for it).
   */
  failFast: boolean;
}

/**
 * The Redis connections of one process, by role:
 * - `commands`: queues (adding, counting), the fleet's state (mirror, runs, audit), the rate limiter;
 * - `forWorkers()`: BullMQ Workers, which need `maxRetriesPerRequest: null` (BullMQ duplicates it once more for
 *   each worker's blocking reads);
 * - `forEvents()`: one per QueueEvents, whose blocking stream reads hold the connection.
 * The process logs Redis's state changes once each (lost, back), whatever the number of connections, and `close()`
 * closes every connection. With `cluster`, each is a
 * client of the whole Redis Cluster (every fleet key carries one hash tag, so all of them live in one slot).
 */
export class RedisConnections {
  readonly commands: RedisClient;
  private workers?: RedisClient;
  private readonly opened: RedisClient[] = [];
  private closing = false;
  private readonly watch: ConnectionWatch;

  constructor(
    private readonly settings: RedisConnectionSettings,
    logger: Logger,
  ) {
    this.watch = new ConnectionWatch(logger, () => this.closing);
    this.commands = this.open(
      'commands',
      settings.failFast
        ? { maxRetriesPerRequest: 3, ...(settings.cluster ? { enableOfflineQueue: false } : {}) }
        : { maxRetriesPerRequest: null },
    );
  }

  forWorkers(): RedisClient {
    this.workers ??= this.open('workers', { maxRetriesPerRequest: null });
    return this.workers;
  }

  forEvents(): RedisClient {
    return this.open('events', { maxRetriesPerRequest: null });
  }

  /** True when the commands connection is up. */
  isReady(): boolean {
    return this.commands.status === 'ready';
  }

  /** Quits every connection when Redis is there, drops them when it is not (quitting would wait for it). */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(
      this.opened.map((redis) =>
        redis.status === 'ready' ? redis.quit().catch(() => redis.disconnect()) : redis.disconnect(),
      ),
    );
  }

  private open(role: string, options: NodeOptions): RedisClient {
    const redis = openRedisClient(this.settings, {
      enableReadyCheck: true,
      connectTimeout: 5_000,
      connectionName: `safetyamp-${role}`,
      ...options,
    });
    this.watch.watch(redis, role);
    this.opened.push(redis);
    return redis;
  }
}

/**
 * A one-off connection for tools and tests (demo set-up, benches): fails fast, logs nothing. Given a URL, a plain
 * Redis; given a target, whatever it names (a cluster client with `cluster`).
 */
export function createRedisConnection(url: string, purpose?: 'blocking' | 'commands'): Redis;
export function createRedisConnection(target: RedisTarget, purpose?: 'blocking' | 'commands'): RedisClient;
export function createRedisConnection(
  target: string | RedisTarget,
  purpose: 'blocking' | 'commands' = 'commands',
): RedisClient {
  return openRedisClient(typeof target === 'string' ? { url: target } : target, {
    maxRetriesPerRequest: purpose === 'blocking' ? null : 3,
    enableReadyCheck: true,
    connectTimeout: 5_000,
  });
}

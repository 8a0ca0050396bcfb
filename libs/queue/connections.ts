import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../platform/logger.js';
import { watchConnection } from './connection-watch.js';

export interface RedisConnectionSettings {
  url: string;
  /**
   * Commands give up after a few reconnection attempts instead of waiting for Redis to come back: right for a
   * web request or a CLI command, wrong for a worker's bookkeeping after a write (which should wait).
   */
  failFast: boolean;
}

/**
 * The Redis connections of one process, by role:
 * - `commands`: queues (adding, counting), the fleet's state (mirror, runs, audit), the rate limiter;
 * - `forWorkers()`: BullMQ Workers, which need `maxRetriesPerRequest: null` (BullMQ duplicates it once more for
 *   each worker's blocking reads);
 * - `forEvents()`: one per QueueEvents, whose blocking stream reads hold the connection.
 * Every connection logs its state changes once (lost, back) and is closed by `close()`.
 */
export class RedisConnections {
  readonly commands: Redis;
  private workers?: Redis;
  private readonly opened: Redis[] = [];
  private closing = false;

  constructor(
    private readonly settings: RedisConnectionSettings,
    private readonly logger: Logger,
  ) {
    this.commands = this.open('commands', { maxRetriesPerRequest: settings.failFast ? 3 : null });
  }

  forWorkers(): Redis {
    this.workers ??= this.open('workers', { maxRetriesPerRequest: null });
    return this.workers;
  }

  forEvents(): Redis {
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

  private open(role: string, options: RedisOptions): Redis {
    const redis = new Redis(this.settings.url, {
      enableReadyCheck: true,
      connectTimeout: 5_000,
      connectionName: `safetyamp-${role}`,
      ...options,
    });
    watchConnection(redis, role, this.logger, () => this.closing);
    this.opened.push(redis);
    return redis;
  }
}

/** A one-off connection for tools and tests (demo set-up, benches): fails fast, logs nothing. */
export function createRedisConnection(url: string, purpose: 'blocking' | 'commands' = 'commands'): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: purpose === 'blocking' ? null : 3,
    enableReadyCheck: true,
    connectTimeout: 5_000,
  });
}

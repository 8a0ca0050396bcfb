import type { Logger } from '../platform/logger.js';
import type { RedisClient } from '../platform/redis-client.js';

type ConnectionState = 'starting' | 'up' | 'down' | 'ended';

/**
 * Logs a process's Redis state changes, one line each however many connections the process holds:
 * `redis connection lost` (or `redis unreachable`, when the first connection to fail never came up) with its role and
 * the error's code, as soon as one connection goes down; `redis connection back`, with the roles that had been down,
 * once every connection that went down is ready again. Being an `error` listener on each connection, it also keeps
 * ioredis from printing `Unhandled error event` lines during an outage. Closing on purpose (`closing()` true) is not
 * a loss.
 */
export class ConnectionWatch {
  private readonly down = new Map<RedisClient, string>();

  constructor(
    private readonly logger: Logger,
    private readonly closing: () => boolean,
  ) {}

  watch(redis: RedisClient, role: string): void {
    let state: ConnectionState = redis.status === 'ready' ? 'up' : 'starting';
    const lost = (err?: Error): void => {
      if (state === 'down' || state === 'ended' || this.closing()) return;
      const wasUp = state === 'up';
      state = 'down';
      this.down.set(redis, role);
      if (this.down.size > 1) return;
      this.logger.warn(wasUp ? 'redis connection lost' : 'redis unreachable', {
        role,
        error: err ? ((err as NodeJS.ErrnoException).code ?? err.message) : 'closed',
      });
    };
    redis.on('error', (err: Error) => lost(err));
    // A connection closed on purpose ends; one that was lost reconnects.
    redis.on('reconnecting', () => {
      if (state === 'up') lost();
    });
    redis.on('end', () => {
      state = 'ended';
      this.down.delete(redis);
    });
    redis.on('ready', () => {
      if (state === 'down') {
        const roles = [...new Set(this.down.values())];
        this.down.delete(redis);
        if (this.down.size === 0 && !this.closing()) this.logger.info('redis connection back', { roles });
      }
      state = 'up';
    });
  }
}

import { Cluster } from 'ioredis';
import { createLogger, isLogLevel, setLogLevel, type Logger, type LogLevel } from './logger.js';
import type { RedisClient } from './redis-client.js';

/** What a process logs at: its LOG_LEVEL, or the level an operator set for the whole fleet. */
export interface EffectiveLogLevel {
  level: LogLevel;
  source: 'LOG_LEVEL' | 'dashboard';
}

/** Applies a level to this process (the default: every winston logger of it). */
export type ApplyLogLevel = (level: LogLevel) => void;

/**
 * The fleet-wide runtime log level, under the key prefix: a key holds the level an operator set (none: each
 * process uses its LOG_LEVEL), and a pub/sub channel of the same name tells every running process at once. A
 * process that starts later reads the key. No restart is needed either way.
 */
export class FleetLogLevel {
  private subscriber: RedisClient | null = null;
  private current: EffectiveLogLevel;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly configured: LogLevel,
    private readonly apply: ApplyLogLevel = setLogLevel,
    private readonly logger: Logger = createLogger('log-level'),
  ) {
    this.current = { level: configured, source: 'LOG_LEVEL' };
  }

  private get key(): string {
    return `${this.prefix}:log-level`;
  }

  /** The level an operator set for the fleet; null when each process uses its LOG_LEVEL. */
  async override(): Promise<LogLevel | null> {
    const value = await this.redis.get(this.key);
    return isLogLevel(value) ? value : null;
  }

  /** Sets the fleet's level (null: back to each process's LOG_LEVEL) and tells every process; resolves the receivers. */
  async publish(level: LogLevel | null): Promise<number> {
    if (level) await this.redis.set(this.key, level);
    else await this.redis.del(this.key);
    return this.redis.publish(this.key, level ?? '');
  }

  /**
   * Follows the fleet's level in this process: subscribes (on a connection of its own), applies the level set now,
   * logs the effective level, and from then on applies and logs every change.
   */
  async follow(): Promise<EffectiveLogLevel> {
    const subscriber: RedisClient =
      this.redis instanceof Cluster ? this.redis.duplicate() : this.redis.duplicate();
    this.subscriber = subscriber;
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.key) this.change(isLogLevel(message) ? message : null);
    });
    subscriber.on('error', (error: unknown) => this.logger.warn('log level channel error', { error }));
    await subscriber.subscribe(this.key);
    this.change(await this.override(), true);
    return this.current;
  }

  effective(): EffectiveLogLevel {
    return this.current;
  }

  private change(override: LogLevel | null, atStart = false): void {
    const next: EffectiveLogLevel = override
      ? { level: override, source: 'dashboard' }
      : { level: this.configured, source: 'LOG_LEVEL' };
    const changed = next.level !== this.current.level || next.source !== this.current.source;
    this.current = next;
    this.apply(next.level);
    if (atStart || changed) {
      // Said at a level the process still writes, so the line is never lost to the level it announces.
      const at = next.level === 'error' || next.level === 'warn' ? next.level : 'info';
      this.logger.log(at, atStart ? 'effective log level' : 'log level changed', {
        logLevel: next.level,
        source: next.source,
      });
    }
  }

  async close(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = null;
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
  }
}

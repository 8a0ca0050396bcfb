import type { Redis } from 'ioredis';
import type { Logger } from './logger.js';

/** Redis cannot keep the fleet's jobs: the process must not start. */
export class RedisPreflightError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisPreflightError';
  }
}

export interface RedisPreflightOptions {
  /** REDIS_ALLOW_EVICTION: start even though Redis may evict keys (warned about, not refused). */
  allowEviction: boolean;
  /** Where Redis is, for messages: REDIS_URL (its password is masked). */
  url: string;
  timeoutMs?: number;
}

/** What the preflight found. */
export interface RedisFacts {
  maxmemoryPolicy: string | null;
  aof: boolean | null;
  rdb: boolean | null;
}

/**
 * Checks at process start that Redis can keep the fleet's jobs: it answers, its `maxmemory-policy` is
 * `noeviction` (with any other policy Redis drops BullMQ's keys under memory pressure and jobs vanish), and it
 * persists its data (AOF or RDB; without, a restart loses every queued job: warned, not refused). Reads INFO, which
 * managed Redis services allow where CONFIG is often disabled.
 */
export async function redisPreflight(
  redis: Redis,
  options: RedisPreflightOptions,
  logger: Logger,
): Promise<RedisFacts> {
  const info = await withTimeout(redis.info(), options.timeoutMs ?? 5_000, withoutPassword(options.url));
  const field = (name: string): string | null =>
    new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim() ?? null;
  const facts: RedisFacts = {
    maxmemoryPolicy: field('maxmemory_policy'),
    aof: field('aof_enabled') === null ? null : field('aof_enabled') === '1',
    rdb: await rdbEnabled(redis),
  };
  if (facts.maxmemoryPolicy !== null && facts.maxmemoryPolicy !== 'noeviction') {
    const message =
      `Redis maxmemory-policy is ${facts.maxmemoryPolicy}: set it to noeviction ` +
      '(BullMQ loses jobs when Redis evicts keys), or set REDIS_ALLOW_EVICTION=true to start anyway';
    if (!options.allowEviction) throw new RedisPreflightError(message);
    logger.warn('redis may evict keys: starting anyway (REDIS_ALLOW_EVICTION=true)', {
      maxmemoryPolicy: facts.maxmemoryPolicy,
    });
  }
  if (facts.aof === false && facts.rdb === false)
    logger.warn('redis persists nothing (no AOF, no RDB): a Redis restart loses every queued job', {});
  return facts;
}

/** RDB snapshots are on when `save` has a schedule; null when CONFIG is not allowed (managed Redis). */
async function rdbEnabled(redis: Redis): Promise<boolean | null> {
  try {
    const [, save] = (await redis.config('GET', 'save')) as [string, string];
    return save.trim() !== '';
  } catch {
    return null;
  }
}

function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

async function withTimeout<T>(work: Promise<T>, ms: number, target: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisPreflightError(`cannot reach Redis at ${target}`)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work, timeout]);
  } catch (err) {
    if (err instanceof RedisPreflightError) throw err;
    throw new RedisPreflightError(`cannot reach Redis at ${target}: ${(err as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

import type { Redis } from 'ioredis';
import type { Logger } from './logger.js';
import { dataNodes, untilReady, type RedisClient } from './redis-client.js';

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

/** What the preflight found on one server: a cluster's every master, or the one Redis. */
export interface RedisFacts {
  /** `host:port` as the client reaches it. */
  node: string;
  maxmemoryPolicy: string | null;
  aof: boolean | null;
  rdb: boolean | null;
}

/**
 * Checks at process start that Redis can keep the fleet's jobs: it answers, its `maxmemory-policy` is
 * `noeviction` (with any other policy Redis drops BullMQ's keys under memory pressure and jobs vanish), and it
 * persists its data (AOF or RDB; without, a restart loses every queued job: warned, not refused). Reads INFO, which
 * managed Redis services allow where CONFIG is often disabled. On a Redis Cluster, every master is checked: the
 * fleet's keys live in one slot, but resharding or a failover may move that slot to any of them.
 */
export async function redisPreflight(
  redis: RedisClient,
  options: RedisPreflightOptions,
  logger: Logger,
): Promise<RedisFacts[]> {
  // Why Redis cannot be reached (refused, a certificate not trusted, a wrong name) is worth saying when it is not.
  let refusal: NodeJS.ErrnoException | undefined;
  const remember = (err: NodeJS.ErrnoException): void => void (refusal = err);
  redis.on('error', remember);
  redis.on('node error', remember);
  let facts: RedisFacts[];
  try {
    facts = await withTimeout(
      (async () => {
        await untilReady(redis);
        return Promise.all(dataNodes(redis).map((node) => factsOf(node)));
      })(),
      options.timeoutMs ?? 5_000,
      withoutPassword(options.url),
      () => refusal && (refusal.code ?? refusal.message),
    );
  } finally {
    redis.off('error', remember);
    redis.off('node error', remember);
  }
  for (const node of facts) {
    if (node.maxmemoryPolicy === null || node.maxmemoryPolicy === 'noeviction') continue;
    const where = facts.length > 1 ? ` on ${node.node}` : '';
    const message =
      `Redis maxmemory-policy is ${node.maxmemoryPolicy}${where}: set it to noeviction ` +
      '(BullMQ loses jobs when Redis evicts keys), or set REDIS_ALLOW_EVICTION=true to start anyway';
    if (!options.allowEviction) throw new RedisPreflightError(message);
    logger.warn('redis may evict keys: starting anyway (REDIS_ALLOW_EVICTION=true)', {
      node: node.node,
      maxmemoryPolicy: node.maxmemoryPolicy,
    });
  }
  const volatile = facts.filter((node) => node.aof === false && node.rdb === false).map((node) => node.node);
  if (volatile.length)
    logger.warn('redis persists nothing (no AOF, no RDB): a Redis restart loses every queued job', {
      nodes: volatile,
    });
  return facts;
}

async function factsOf(redis: Redis): Promise<RedisFacts> {
  const info = await redis.info();
  const field = (name: string): string | null =>
    new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim() ?? null;
  return {
    node: `${redis.options.host ?? ''}:${redis.options.port ?? ''}`,
    maxmemoryPolicy: field('maxmemory_policy'),
    aof: field('aof_enabled') === null ? null : field('aof_enabled') === '1',
    rdb: await rdbEnabled(redis),
  };
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

async function withTimeout<T>(
  work: Promise<T>,
  ms: number,
  target: string,
  cause: () => string | undefined,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const why = cause();
      reject(new RedisPreflightError(`cannot reach Redis at ${target}${why ? `: ${why}` : ''}`));
    }, ms);
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

import type { RedisClient } from '../platform/redis-client.js';

export interface WorkerHeartbeat {
  workerId: string;
  host: string;
  /** The process id on that host (absent in a heartbeat of a process started before it was announced). */
  pid?: number;
  queues: string[];
  concurrency: number;
  /** closed | halfOpen | open: the worker's circuit breaker around SafetyAmp. */
  breaker: 'closed' | 'halfOpen' | 'open';
  startedAt: string;
  seenAt: string;
}

const TTL_SECONDS = 30;
/** Ids of processes gone this long (without saying goodbye) leave the index; liveness is the heartbeat's TTL. */
const FORGET_AFTER_MS = 3_600_000;

/**
 * Workers and producers announce themselves every few seconds; the dashboard reads who is alive and their breaker
 * state, and `fleet sync` whether a producer will execute its run. Each heartbeat is a key that expires unless
 * renewed, listed in an index of ids by last beat (no SCAN, which a Redis Cluster answers per node).
 */
export class WorkerRegistry {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  private key(workerId: string): string {
    return `${this.prefix}:workers:${workerId}`;
  }

  private get indexKey(): string {
    return `${this.prefix}:workers`;
  }

  async beat(heartbeat: WorkerHeartbeat): Promise<void> {
    const now = Date.now();
    await this.redis
      .multi()
      .set(this.key(heartbeat.workerId), JSON.stringify(heartbeat), 'EX', TTL_SECONDS)
      .zadd(this.indexKey, now, heartbeat.workerId)
      .zremrangebyscore(this.indexKey, '-inf', now - FORGET_AFTER_MS)
      .exec();
  }

  async remove(workerId: string): Promise<void> {
    await this.redis.multi().del(this.key(workerId)).zrem(this.indexKey, workerId).exec();
  }

  /** The live processes that take jobs from `queue`. */
  async aliveOn(queue: string): Promise<WorkerHeartbeat[]> {
    return (await this.alive()).filter((w) => w.queues.includes(queue));
  }

  /** Every process whose heartbeat has not expired (the index's clock is never trusted for liveness). */
  async alive(): Promise<WorkerHeartbeat[]> {
    const ids = await this.redis.zrange(this.indexKey, 0, '-1');
    if (!ids.length) return [];
    const values = await this.redis.mget(ids.map((id) => this.key(id)));
    return values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as WorkerHeartbeat);
  }
}

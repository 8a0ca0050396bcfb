import type { Redis } from 'ioredis';

export interface WorkerHeartbeat {
  workerId: string;
  host: string;
  queues: string[];
  concurrency: number;
  /** closed | halfOpen | open: the worker's circuit breaker around SafetyAmp. */
  breaker: 'closed' | 'halfOpen' | 'open';
  startedAt: string;
  seenAt: string;
}

const TTL_SECONDS = 30;

/**
 * Workers and producers announce themselves every few seconds; the dashboard reads who is alive and their breaker
 * state, and `fleet sync` whether a producer will execute its run.
 */
export class WorkerRegistry {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async beat(heartbeat: WorkerHeartbeat): Promise<void> {
    await this.redis.set(
      `${this.prefix}:workers:${heartbeat.workerId}`,
      JSON.stringify(heartbeat),
      'EX',
      TTL_SECONDS,
    );
  }

  async remove(workerId: string): Promise<void> {
    await this.redis.del(`${this.prefix}:workers:${workerId}`);
  }

  /** The live processes that take jobs from `queue`. */
  async aliveOn(queue: string): Promise<WorkerHeartbeat[]> {
    return (await this.alive()).filter((w) => w.queues.includes(queue));
  }

  async alive(): Promise<WorkerHeartbeat[]> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await this.redis.scan(cursor, 'MATCH', `${this.prefix}:workers:*`, 'COUNT', 200);
      cursor = next;
      keys.push(...found);
    } while (cursor !== '0');
    if (!keys.length) return [];
    const values = await this.redis.mget(...keys);
    return values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as WorkerHeartbeat);
  }
}

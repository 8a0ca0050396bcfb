import { Queue } from 'bullmq';
import { ENTITY_TYPES, type EntityType } from '../domain/types.js';
import type { RunSummary } from '../state/run-records.js';
import type { EntityJobData, EntityJobResult, RunJobData, ScheduleTickData } from './job-types.js';
import { RUNS_QUEUE, SCHEDULE_QUEUE, entityQueueName } from './names.js';
import type { RedisClient } from '../platform/redis-client.js';

export type RunsQueue = Queue<RunJobData, RunSummary>;
export type ScheduleQueue = Queue<ScheduleTickData>;
export type EntityQueue = Queue<EntityJobData, EntityJobResult>;

/** The fleet's BullMQ queues over one commands connection (see RedisConnections). */
export class FleetQueues {
  readonly runs: RunsQueue;
  readonly schedule: ScheduleQueue;
  readonly entities: Record<EntityType, EntityQueue>;

  constructor(
    readonly connection: RedisClient,
    /** The Redis key prefix (`redisKeyPrefix(QUEUE_PREFIX)` in a deployment). */
    readonly prefix: string,
  ) {
    this.runs = new Queue(RUNS_QUEUE, { connection, prefix });
    this.schedule = new Queue(SCHEDULE_QUEUE, { connection, prefix });
    this.entities = Object.fromEntries(
      ENTITY_TYPES.map((type) => [type, new Queue(entityQueueName(type), { connection, prefix })]),
    ) as Record<EntityType, EntityQueue>;
    // A queue re-emits its connection's errors. The connection's owner logs its state changes once (lost, back:
    // connection-watch.ts); a queue without a listener would have BullMQ print every error with console.error,
    // stack and all, on stderr among the JSON log lines.
    for (const queue of [...this.all(), this.schedule]) queue.on('error', () => undefined);
  }

  /** Every queue operators see: runs first, then the entity queues in dependency order. */
  all(): Queue[] {
    return [this.runs, ...Object.values(this.entities)] as Queue[];
  }

  async close(): Promise<void> {
    await Promise.all([...this.all(), this.schedule].map((q) => q.close()));
  }
}

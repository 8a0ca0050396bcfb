import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { ENTITY_TYPES, type EntityType } from '../domain/types.js';
import type { EntityJobData, EntityJobResult, RunJobData } from './job-types.js';
import { RUNS_QUEUE, entityQueueName } from './names.js';
import type { RunSummary } from '../state/run-records.js';

export type RunsQueue = Queue<RunJobData, RunSummary>;
export type EntityQueue = Queue<EntityJobData, EntityJobResult>;

/** The fleet's BullMQ queues over one shared connection. */
export class FleetQueues {
  readonly runs: RunsQueue;
  readonly entities: Record<EntityType, EntityQueue>;

  constructor(
    readonly connection: Redis,
    readonly prefix: string,
  ) {
    this.runs = new Queue(RUNS_QUEUE, { connection, prefix });
    this.entities = Object.fromEntries(
      ENTITY_TYPES.map((type) => [type, new Queue(entityQueueName(type), { connection, prefix })]),
    ) as Record<EntityType, EntityQueue>;
  }

  all(): Queue[] {
    return [this.runs, ...Object.values(this.entities)] as Queue[];
  }

  async close(): Promise<void> {
    await Promise.all(this.all().map((q) => q.close()));
  }
}

import { QueueEvents } from 'bullmq';
import { ENTITY_TYPES, type EntityType } from '../domain/types.js';
import type { RedisConnections } from './connections.js';
import type { EntityJobResult } from './job-types.js';
import { entityQueueName } from './names.js';

/** A job of an entity queue that reached its end: completed (with what it did) or failed for good. */
export type SettledJob =
  | { jobId: string; state: 'completed'; result: EntityJobResult }
  | { jobId: string; state: 'failed'; failedReason: string };

export type SettledListener = (type: EntityType, job: SettledJob) => void;

/**
 * The entity queues' event streams (BullMQ QueueEvents, one blocking connection each), read for as long as the
 * process runs: `completed` and `failed` are emitted only when a job reaches its end, never for a retry.
 */
export class EntityQueueEvents {
  private readonly streams: { type: EntityType; events: QueueEvents }[];
  private readonly listeners = new Set<SettledListener>();

  constructor(connections: RedisConnections, prefix: string) {
    this.streams = ENTITY_TYPES.map((type) => {
      const events = new QueueEvents(entityQueueName(type), { connection: connections.forEvents(), prefix });
      events.on('completed', ({ jobId, returnvalue }) =>
        this.emit(type, { jobId, state: 'completed', result: returnvalue as unknown as EntityJobResult }),
      );
      events.on('failed', ({ jobId, failedReason }) =>
        this.emit(type, { jobId, state: 'failed', failedReason }),
      );
      // Connection trouble is logged by the connection's own watch; BullMQ resumes reading where it left off.
      events.on('error', () => undefined);
      return { type, events };
    });
  }

  async waitUntilReady(): Promise<void> {
    await Promise.all(this.streams.map((s) => s.events.waitUntilReady()));
  }

  /** Calls `listener` for every job that settles from now on; returns the unsubscribe. */
  onSettled(listener: SettledListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    await Promise.all(this.streams.map((s) => s.events.close()));
  }

  private emit(type: EntityType, job: SettledJob): void {
    for (const listener of this.listeners) listener(type, job);
  }
}

import type { Queue } from 'bullmq';
import { ENTITY_TYPES, type EntityType } from '../domain/types.js';
import { QUEUE_TITLES, type FleetQueues } from '../queue/index.js';

/** Every BullMQ job state the fleet's queues can hold (BullMQ 6 has no separate paused state). */
export const JOB_STATES = [
  'waiting',
  'prioritized',
  'delayed',
  'active',
  'waiting-children',
  'completed',
  'failed',
] as const;
export type JobStateName = (typeof JOB_STATES)[number];

export interface QueueCounts {
  queue: string;
  title: string;
  /** The entity type of an entity queue; null for the runs queue. */
  entityType: EntityType | null;
  counts: Record<JobStateName, number>;
}

/** Job counts per state of every fleet queue, runs queue first, then entities in dependency order. */
export async function readQueueCounts(queues: FleetQueues): Promise<QueueCounts[]> {
  const entries: (readonly [EntityType | null, Queue])[] = [
    [null, queues.runs as Queue],
    ...ENTITY_TYPES.map((t) => [t, queues.entities[t] as Queue] as const),
  ];
  return Promise.all(
    entries.map(async ([entityType, queue]) => {
      const raw = await queue.getJobCounts(...JOB_STATES);
      const counts = Object.fromEntries(JOB_STATES.map((s) => [s, Number(raw[s] ?? 0)])) as Record<
        JobStateName,
        number
      >;
      return { queue: queue.name, title: QUEUE_TITLES[queue.name] ?? queue.name, entityType, counts };
    }),
  );
}

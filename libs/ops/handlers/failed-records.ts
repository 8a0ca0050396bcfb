import type { Job } from 'bullmq';
import { z } from 'zod';
import { ENTITY_TYPES, type ChangeAction, type EntityType } from '../../domain/types.js';
import type { EntityJobData } from '../../queue/index.js';
import { presentText, type DashboardRole } from '../policy.js';
import type { OpsHandler } from '../request.js';
import { errorResponse, ok } from '../response.js';

export interface FailedRecord {
  type: EntityType;
  queue: string;
  jobId: string;
  /** What the job does to whom, by key: `update users 1234`. */
  name: string;
  action: ChangeAction | null;
  key: string | null;
  runId: string | null;
  /** Free text: scrubbed of personal values for roles that do not see them. */
  reason: string;
  attemptsMade: number;
  failedAt: string | null;
}

export interface FailedRecordList {
  failed: FailedRecord[];
}

/** What of a failed BullMQ job the list shows. */
export type FailedJob = Pick<Job, 'id' | 'name' | 'failedReason' | 'attemptsMade' | 'finishedOn'> & {
  data?: Partial<EntityJobData>;
};

/** One failed job of an entity queue as `role` may see it. */
export function failedRecordOf(
  type: EntityType,
  queue: string,
  job: FailedJob,
  role: DashboardRole,
): FailedRecord {
  return {
    type,
    queue,
    jobId: String(job.id),
    name: job.name,
    action: job.data?.change?.action ?? null,
    key: job.data?.change?.key ?? null,
    runId: job.data?.runId ?? null,
    reason: presentText(role, job.failedReason ?? ''),
    attemptsMade: job.attemptsMade,
    failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
  };
}

const PER_TYPE = 50;
const FailedQuery = z.object({ type: z.enum(ENTITY_TYPES).optional() });

/** Failed entity jobs (newest first, up to 50 per type): the records the fleet could not write. */
export const listFailedRecords: OpsHandler<FailedRecordList> = async (ctx, req) => {
  const parsed = FailedQuery.safeParse(req.query);
  if (!parsed.success) {
    return errorResponse(400, 'invalid-request', `type must be one of ${ENTITY_TYPES.join(', ')}`);
  }
  const types = parsed.data.type ? [parsed.data.type] : [...ENTITY_TYPES];
  const perType = await Promise.all(
    types.map(async (type) => {
      const queue = ctx.queues.entities[type];
      const jobs = await queue.getFailed(0, PER_TYPE - 1);
      return jobs
        .filter((job) => job?.id)
        .map((job) => failedRecordOf(type, queue.name, job, req.actor.role));
    }),
  );
  return ok({ failed: perType.flat() });
};

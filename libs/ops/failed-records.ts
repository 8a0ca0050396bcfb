import { z } from 'zod';
import { ENTITY_TYPES, type ChangeAction, type EntityType } from '../domain/types.js';
import type { EntityJobData } from '../queue/index.js';
import type { OpsContext } from './context.js';
import { operatorOnly, type OpsRequest } from './request.js';
import { errorResponse, ok } from './response.js';
import { textFor } from './run-overview.js';

export interface FailedRecord {
  type: EntityType;
  queue: string;
  jobId: string;
  /** What the job does to whom, by key: `update users 1234`. */
  name: string;
  action: ChangeAction | null;
  key: string | null;
  runId: string | null;
  reason: string;
  attemptsMade: number;
  failedAt: string | null;
}

const PER_TYPE = 50;
const FailedQuery = z.object({ type: z.enum(ENTITY_TYPES).optional() });

/** Failed entity jobs (newest first, up to 50 per type): the records the fleet could not write. */
export async function listFailedRecords(ctx: OpsContext, req: OpsRequest) {
  const parsed = FailedQuery.safeParse(req.query);
  if (!parsed.success)
    return errorResponse(400, 'invalid-request', `type must be one of ${ENTITY_TYPES.join(', ')}`);
  const types = parsed.data.type ? [parsed.data.type] : [...ENTITY_TYPES];
  const perType = await Promise.all(
    types.map(async (type) => {
      const queue = ctx.queues.entities[type];
      const jobs = await queue.getFailed(0, PER_TYPE - 1);
      return jobs
        .filter((job) => job?.id)
        .map((job): FailedRecord => {
          const data = job.data as Partial<EntityJobData> | undefined;
          return {
            type,
            queue: queue.name,
            jobId: String(job.id),
            name: job.name,
            action: data?.change?.action ?? null,
            key: data?.change?.key ?? null,
            runId: data?.runId ?? null,
            reason: textFor(req.actor, job.failedReason ?? ''),
            attemptsMade: job.attemptsMade,
            failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
          };
        });
    }),
  );
  return ok<{ failed: FailedRecord[] }>({ failed: perType.flat() });
}

const RetryParams = z.object({ type: z.enum(ENTITY_TYPES), jobId: z.string().min(1).max(500) });

/**
 * Retries one failed record, as Bull Board's retry button does: the job goes back to waiting and the worker
 * re-plans the record from current source data before it writes.
 */
export const retryFailedRecord = operatorOnly(async (ctx, req) => {
  const parsed = RetryParams.safeParse({ ...(req.body as object | undefined), ...req.params });
  if (!parsed.success) return errorResponse(400, 'invalid-request', 'type and jobId are required');
  const { type, jobId } = parsed.data;
  const job = await ctx.queues.entities[type].getJob(jobId);
  if (!job) return errorResponse(404, 'job-not-found', `No job ${jobId} in ${type}.`);
  const state = await job.getState();
  if (state !== 'failed')
    return errorResponse(409, 'job-not-failed', `Job ${jobId} is ${state}, not failed.`);
  await job.retry('failed');
  return ok({ type, jobId, state: await job.getState() }, 202);
});

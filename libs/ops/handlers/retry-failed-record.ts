import { z } from 'zod';
import { ENTITY_TYPES, type EntityType } from '../../domain/types.js';
import { errorResponse, ok } from '../response.js';
import { withPermission } from './with-permission.js';

export interface RetriedRecord {
  type: EntityType;
  jobId: string;
  /** The job's state after the retry: `waiting` (or already taken by a worker). */
  state: string;
}

const RetryParams = z.object({ type: z.enum(ENTITY_TYPES), jobId: z.string().min(1).max(500) });

/**
 * Retries one failed record, as Bull Board's retry button does: the job goes back to waiting and the worker
 * re-plans the record from current source data before it writes.
 */
export const retryFailedRecord = withPermission('retry-failed-record', async (ctx, req) => {
  const parsed = RetryParams.safeParse({ ...(req.body as object | undefined), ...req.params });
  if (!parsed.success) return errorResponse(400, 'invalid-request', 'type and jobId are required');
  const { type, jobId } = parsed.data;
  const job = await ctx.queues.entities[type].getJob(jobId);
  if (!job) return errorResponse(404, 'job-not-found', `No job ${jobId} in ${type}.`);
  const state = await job.getState();
  if (state !== 'failed')
    return errorResponse(409, 'job-not-failed', `Job ${jobId} is ${state}, not failed.`);
  await job.retry('failed');
  return ok<RetriedRecord>({ type, jobId, state: await job.getState() }, 202);
});

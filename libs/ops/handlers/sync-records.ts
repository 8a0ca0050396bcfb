import { z } from 'zod';
import { parseRecordKeys, type RecordKeys } from '../../fleet/run/record-keys.js';
import { requestRun } from '../../fleet/run/request-run.js';
import { errorResponse, ok } from '../response.js';
import { withPermission } from './with-permission.js';

export interface RecordsSyncRequested {
  runId: string;
  keys: RecordKeys;
}

/** `keys` as `users:1234,sites:30031.` (a JSON string, a JSON array or repeated form fields). */
const SyncRecordsBody = z.object({
  keys: z.union([z.string(), z.array(z.string())]),
});

/**
 * Syncs named records now (a new hire who must sign in): a run of those records alone, through the same planner
 * and queues, ahead of what is queued. A body that names no record or an unknown type is refused with why.
 */
export const syncRecords = withPermission('sync-records', async (ctx, req) => {
  const body = SyncRecordsBody.safeParse(req.body ?? {});
  const parsed = body.success ? parseRecordKeys(body.data.keys) : { error: 'keys is missing' };
  if ('error' in parsed) return errorResponse(400, 'invalid-request', `keys: ${parsed.error}`);
  const runId = await requestRun(ctx.queues.runs, {
    kind: 'sync',
    trigger: 'dashboard',
    requestedBy: req.actor.name,
    keys: parsed.keys,
  });
  return ok<RecordsSyncRequested>({ runId, keys: parsed.keys }, 202);
});

import { toCsv } from '../csv.js';
import { fieldChangesOf } from '../plan-values.js';
import { presentRecord } from '../policy.js';
import type { OpsHandler } from '../request.js';
import { errorResponse, ok } from '../response.js';
import type { CsvDownload } from './unsynced-records.js';

/** The most a run record keeps of a plan (RunRecords keeps 5,000 changes). */
const PLAN_MAX = 5_000;

/** A dry run's plan as CSV, one line per field of each change, before → after, masked as the role sees it. */
export const exportDryRunPlan: OpsHandler<CsvDownload> = async (ctx, req) => {
  const runId = req.params.runId ?? '';
  const run = await ctx.runRecords.get(runId);
  if (!run) return errorResponse(404, 'run-not-found', `No run ${runId} is kept.`);
  if (!run.dryRun) return errorResponse(404, 'no-plan', `Run ${runId} is not a dry run: it keeps no plan.`);
  const changes = presentRecord(req.actor.role, await ctx.runRecords.plannedChanges(runId, 0, PLAN_MAX));
  const rows = changes.flatMap(fieldChangesOf).map((f) => ({ ...f, before: f.before ?? '' }));
  return ok({
    filename: `plan-${runId}.csv`,
    csv: toCsv(['type', 'key', 'action', 'field', 'before', 'after'], rows),
  });
};

import { z } from 'zod';
import type { InvalidRecord, PlannedChange } from '../../domain/types.js';
import { fieldChangesOf, type FieldChange } from '../plan-values.js';
import { presentRecord } from '../policy.js';
import type { OpsHandler } from '../request.js';
import { errorResponse, ok } from '../response.js';
import { runOverview, type RunOverview } from '../run-overview.js';
import { presentInvalidRecords } from '../invalid-records.js';

const PLAN_PAGE = 200;
/** `?offset=` into a dry run's plan: a whole number Redis can take, else the start (1e20 made LRANGE fail: a 500). */
const PlanOffset = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).catch(0);

export interface RunDetails {
  run: RunOverview;
  invalid: InvalidRecord[];
  /**
   * A dry run's planned changes (a page of them), and the same field by field, before → after; personal fields'
   * values masked for roles that do not see them.
   */
  plan: { offset: number; changes: PlannedChange[]; fields: FieldChange[] } | null;
}

/** One run: its counts, failures, invalid records, and for a dry run the plan it recorded. */
export const getRunDetails: OpsHandler<RunDetails> = async (ctx, req) => {
  const { role } = req.actor;
  const runId = req.params.runId ?? '';
  const run = await ctx.runRecords.get(runId);
  if (!run) return errorResponse(404, 'run-not-found', `No run ${runId} is kept.`);
  let plan: RunDetails['plan'] = null;
  if (run.dryRun) {
    const offset = PlanOffset.parse(req.query.offset);
    const changes = await ctx.runRecords.plannedChanges(runId, offset, PLAN_PAGE);
    const presented = presentRecord(role, changes);
    plan = { offset, changes: presented, fields: presented.flatMap(fieldChangesOf) };
  }
  return ok({ run: runOverview(run, role), invalid: presentInvalidRecords(run, role), plan });
};

import type { InvalidRecord } from '../../domain/types.js';
import { lastPlannedRun, RECENT_RUNS } from '../last-planned-run.js';
import type { OpsHandler } from '../request.js';
import { ok } from '../response.js';
import { presentInvalidRecords } from '../invalid-records.js';

export interface LastRunInvalidRecords {
  /** The last planned run; null when no run was planned yet. */
  runId: string | null;
  invalid: InvalidRecord[];
}

/** The invalid records of the last run, with the field and the reason of each. */
export const getLastRunInvalidRecords: OpsHandler<LastRunInvalidRecords> = async (ctx, req) => {
  const run = lastPlannedRun(await ctx.runRecords.list(RECENT_RUNS));
  return ok({ runId: run?.runId ?? null, invalid: run ? presentInvalidRecords(run, req.actor.role) : [] });
};

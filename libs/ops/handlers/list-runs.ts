import type { QuietRuns } from '../../state/run-records.js';
import type { OpsHandler } from '../request.js';
import { ok } from '../response.js';
import { runOverview, type RunOverview } from '../run-overview.js';

export interface RunList {
  runs: RunOverview[];
  /** Scheduled runs that found nothing to do: counted, not listed. */
  quietRuns: QuietRuns;
}

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

/** The newest runs (`limit`, 1 to 100, default 20), newest first. */
export const listRuns: OpsHandler<RunList> = async (ctx, req) => {
  const asked = Number.parseInt(String(req.query.limit ?? DEFAULT_LIMIT), 10) || DEFAULT_LIMIT;
  const [runs, quietRuns] = await Promise.all([
    ctx.runRecords.list(Math.min(MAX_LIMIT, Math.max(1, asked))),
    ctx.runRecords.quietRuns(),
  ]);
  return ok({ runs: runs.map((r) => runOverview(r, req.actor.role)), quietRuns });
};

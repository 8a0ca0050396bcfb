import type { InvalidRecord, PlannedChange } from '../domain/types.js';
import type { RunSummary } from '../state/index.js';
import type { OpsContext } from './context.js';
import { maskPersonalFields } from './personal-data.js';
import type { OpsRequest } from './request.js';
import { errorResponse, ok } from './response.js';
import { runOverview, textFor, type RunOverview } from './run-overview.js';

const PLAN_PAGE = 200;

export interface RunDetails {
  run: RunOverview;
  invalid: InvalidRecord[];
  /** A dry run's planned changes (a page of them); personal fields masked for viewers. */
  plan: { offset: number; changes: PlannedChange[] } | null;
}

/** One run: its counts, failures, invalid records, and for a dry run the plan it recorded. */
export async function getRunDetails(ctx: OpsContext, req: OpsRequest) {
  const runId = req.params.runId ?? '';
  const run = await ctx.runRecords.get(runId);
  if (!run) return errorResponse(404, 'run-not-found', `No run ${runId} is kept.`);
  let plan: RunDetails['plan'] = null;
  if (run.dryRun) {
    const offset = Math.max(0, Number.parseInt(String(req.query.offset ?? '0'), 10) || 0);
    const changes = await ctx.runRecords.plannedChanges(runId, offset, PLAN_PAGE);
    plan = { offset, changes: req.actor.role === 'operator' ? changes : maskPersonalFields(changes) };
  }
  return ok<RunDetails>({ run: runOverview(run, req.actor), invalid: invalidFor(run, req), plan });
}

function invalidFor(run: RunSummary, req: OpsRequest): InvalidRecord[] {
  return run.invalid.map((r) => ({ ...r, reason: textFor(req.actor, r.reason) }));
}

/** How many of the newest runs are read to find the last planned one (each read carries its detail lists). */
export const RECENT_RUNS = 10;

/**
 * Among runs newest first, the one whose plan is the latest word on which records are invalid: the newest sync run
 * past planning (dry runs included).
 */
export function lastPlannedRun(runs: readonly RunSummary[]): RunSummary | null {
  return runs.find((r) => r.kind === 'sync' && r.status !== 'planning') ?? null;
}

/** The invalid records of the last run, with the field and the reason of each. */
export async function getLastRunInvalidRecords(ctx: OpsContext, req: OpsRequest) {
  const run = lastPlannedRun(await ctx.runRecords.list(RECENT_RUNS));
  return ok<{ runId: string | null; invalid: InvalidRecord[] }>({
    runId: run?.runId ?? null,
    invalid: run ? invalidFor(run, req) : [],
  });
}

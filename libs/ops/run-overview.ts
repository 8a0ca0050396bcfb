import { ENTITY_TYPES, type PlanBlock } from '../domain/types.js';
import {
  RUN_COUNTERS,
  type EntityCounts,
  type RunFailure,
  type RunSummary,
  type SkippedType,
} from '../state/run-records.js';
import { presentText, type DashboardRole } from './policy.js';

/** A run as the dashboard lists it: counts per type and in total, the first failures, no invalid-record list. */
export interface RunOverview {
  runId: string;
  kind: RunSummary['kind'];
  trigger: RunSummary['trigger'];
  dryRun: boolean;
  status: RunSummary['status'];
  startedAt: string;
  finishedAt: string | null;
  safetyampCalls: number;
  /** Free text: scrubbed of personal values for roles that do not see them (as the failure reasons). */
  error: string | null;
  blocked: PlanBlock[];
  /** Types not planned because a source they need was unavailable: `<source> unavailable (<reason>)`. */
  skipped: SkippedType[];
  /** A timed-out run's jobs still queued when it gave up, by type. */
  unfinished: RunSummary['unfinished'];
  counts: Record<string, EntityCounts>;
  totals: EntityCounts;
  failures: RunFailure[];
  failureCount: number;
  invalidCount: number;
}

const FAILURES_SHOWN = 20;

export function runOverview(run: RunSummary, role: DashboardRole): RunOverview {
  const totals = Object.fromEntries(RUN_COUNTERS.map((c) => [c, 0])) as EntityCounts;
  const counts: Record<string, EntityCounts> = {};
  for (const type of ENTITY_TYPES) {
    counts[type] = run[type];
    for (const c of RUN_COUNTERS) totals[c] += run[type][c];
  }
  return {
    runId: run.runId,
    kind: run.kind,
    trigger: run.trigger,
    dryRun: run.dryRun,
    status: run.status,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    safetyampCalls: run.safetyampCalls,
    error: run.error === null ? null : presentText(role, run.error),
    blocked: run.blocked,
    skipped: run.skipped.map((k) => ({ ...k, reason: presentText(role, k.reason) })),
    unfinished: run.unfinished,
    counts,
    totals,
    failures: run.failures
      .slice(0, FAILURES_SHOWN)
      .map((f) => ({ ...f, reason: presentText(role, f.reason) })),
    failureCount: run.failures.length,
    invalidCount: run.invalid.length,
  };
}

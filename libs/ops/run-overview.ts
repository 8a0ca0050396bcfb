import { ENTITY_TYPES, type PlanBlock } from '../domain/types.js';
import { RUN_COUNTERS, type EntityCounts, type RunFailure, type RunSummary } from '../state/index.js';
import type { OpsActor } from './context.js';
import { scrubPersonalText } from './personal-data.js';

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
  error: string | null;
  blocked: PlanBlock[];
  counts: Record<string, EntityCounts>;
  totals: EntityCounts;
  failures: RunFailure[];
  failureCount: number;
  invalidCount: number;
}

const FAILURES_SHOWN = 20;

/** Free text of a run (errors, failure reasons) is scrubbed of personal values for viewers. */
export function textFor(actor: OpsActor, text: string): string {
  return actor.role === 'operator' ? text : scrubPersonalText(text);
}

export function runOverview(run: RunSummary, actor: OpsActor): RunOverview {
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
    error: run.error === null ? null : textFor(actor, run.error),
    blocked: run.blocked,
    counts,
    totals,
    failures: run.failures.slice(0, FAILURES_SHOWN).map((f) => ({ ...f, reason: textFor(actor, f.reason) })),
    failureCount: run.failures.length,
    invalidCount: run.invalid.length,
  };
}

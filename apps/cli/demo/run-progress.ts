import ms from 'ms';
import { ENTITY_TYPES } from '../../../libs/domain/types.js';
import { backlogCalls } from '../../../libs/ops/drain-estimate.js';
import { readQueueCounts } from '../../../libs/ops/queue-counts.js';
import type { FleetQueues } from '../../../libs/queue/fleet-queues.js';
import { drainSeconds, type RateLimit } from '../../../libs/safetyamp/rate-limit.js';
import type { RunRecords, RunSummary } from '../../../libs/state/run-records.js';

/** What the signs of a progress line mean; printed once, before the first one. */
export const PROGRESS_LEGEND = 'per type: + created  ~ updated  - deactivated  ! invalid  ✗ failed';

/**
 * One progress line: the run's status, its counts per type, the SafetyAmp calls made, the backlog (calls still to
 * make) and the time the budget needs to drain it.
 */
export function formatProgress(run: RunSummary, backlog: number, budget: RateLimit): string {
  const counts = ENTITY_TYPES.map((t) => {
    const c = run[t];
    return `${t} +${c.created} ~${c.updated} -${c.deactivated} !${c.invalid} ✗${c.failed}`;
  }).join(' · ');
  const left = backlog > 0 ? `, about ${ms(drainSeconds(backlog, budget) * 1000, { long: true })} left` : '';
  return `  [${run.status}] ${counts} · SafetyAmp calls ${run.safetyampCalls} · backlog ${backlog} calls${left}`;
}

/** The backlog in SafetyAmp calls, from the entity queues' job counts. */
export async function readBacklog(queues: FleetQueues): Promise<number> {
  const counts = await readQueueCounts(queues);
  return backlogCalls(counts.filter((q) => q.entityType !== null).map((q) => q.counts));
}

/** Prints a progress line every `everyMs` until the run finishes. */
export async function reportProgress(
  deps: { runs: RunRecords; queues: FleetQueues; budget: RateLimit },
  runId: string,
  say: (line: string) => void,
  everyMs = 10_000,
): Promise<RunSummary> {
  say(`  ${PROGRESS_LEGEND}`);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, everyMs));
    const [run, backlog] = await Promise.all([deps.runs.get(runId), readBacklog(deps.queues)]);
    if (!run) continue;
    say(formatProgress(run, backlog, deps.budget));
    if (run.finishedAt) return run;
  }
}

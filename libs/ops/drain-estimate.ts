import type { RateBudget } from './context.js';

/** Job states whose jobs still have to call SafetyAmp. */
export const BACKLOG_STATES = ['waiting', 'delayed', 'active', 'prioritized'] as const;

/**
 * SafetyAmp calls a job still has to make. One for every write; a create whose earlier attempt's outcome is
 * unknown costs two (a lookup, then maybe the create), which is rare enough to approximate with one.
 */
export const CALLS_PER_JOB = 1;

/** The backlog in SafetyAmp calls: per entity queue, the jobs in the backlog states, summed. */
export function backlogCalls(countsPerQueue: readonly Record<string, number>[]): number {
  let jobs = 0;
  for (const counts of countsPerQueue) for (const state of BACKLOG_STATES) jobs += counts[state] ?? 0;
  return jobs * CALLS_PER_JOB;
}

/** Calls per second the fleet-wide budget allows. */
export function budgetCallsPerSecond(budget: RateBudget): number {
  return budget.max / (budget.windowMs / 1000);
}

/**
 * Seconds the fleet needs to drain `backlog` calls at the full budget. The budget, not the number of workers,
 * bounds the drain: this is the HPA's scaling signal. No fudge factor: the bench compares it with a measured drain.
 */
export function drainSeconds(backlog: number, budget: RateBudget): number {
  return backlog / budgetCallsPerSecond(budget);
}

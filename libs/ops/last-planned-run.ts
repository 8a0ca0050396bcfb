import type { RunSummary } from '../state/run-records.js';

/** How many of the newest runs are read to find the last planned one (each read carries its detail lists). */
export const RECENT_RUNS = 10;

/**
 * Among runs newest first, the one whose plan is the latest word on which records are invalid: the newest sync run
 * past planning (dry runs included).
 */
export function lastPlannedRun(runs: readonly RunSummary[]): RunSummary | null {
  return runs.find((r) => r.kind === 'sync' && r.status !== 'planning') ?? null;
}

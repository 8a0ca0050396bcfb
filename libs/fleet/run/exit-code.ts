import type { RunSummary } from '../../state/run-records.js';

/**
 * Exit code of `fleet sync` and `fleet reconcile`: 0 all synced; 1 the run completed with invalid, failed or
 * skipped records, was blocked by the mass-change guard, or timed out; 2 the run itself failed (SafetyAmp or
 * Redis unreachable, a configuration error).
 */
export function runExitCode(summary: Pick<RunSummary, 'status'>): 0 | 1 | 2 {
  if (summary.status === 'completed') return 0;
  return summary.status === 'failed' ? 2 : 1;
}

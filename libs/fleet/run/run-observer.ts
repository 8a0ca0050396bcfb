import type { RunSummary } from '../../state/run-records.js';
import type { SourceReadOutcome } from './read-sources.js';

/**
 * What else wants to know how a run went (metrics, source health for readiness, the run report). The executor
 * calls every observer after the fact; an observer that fails is logged and never fails the run.
 */
export interface RunObserver {
  /** After the sources were read for a plan. */
  sourcesRead?(outcomes: readonly SourceReadOutcome[]): Promise<void>;
  /** After the run's record is final (completed, completed with errors, blocked, timed out or failed). */
  runFinished?(summary: RunSummary): Promise<void>;
}

import type {
  CountedSourceRead,
  FleetCounters,
  RunMetricKind,
  SourceErrorClass,
} from '../../state/fleet-counters.js';
import { FINAL_RUN_STATUSES, type FinalRunStatus, type RunSummary } from '../../state/run-records.js';
import { ENTITY_TYPES } from '../../domain/types.js';
import type { RunObserver } from './run-observer.js';
import type { SourceReadOutcome } from './read-sources.js';

/** The kind a run is counted under. */
export function runMetricKind(run: Pick<RunSummary, 'kind' | 'dryRun'>): RunMetricKind {
  return run.kind === 'sync' && run.dryRun ? 'dry_run' : run.kind;
}

/**
 * A source error's class, from the reader's error class name (GraphAuthError, VistaTimeoutError,
 * SamsaraUnreachableError, ...): a fixed set, so the label stays bounded whatever a driver throws.
 */
export function sourceErrorClass(errorName: string | undefined): SourceErrorClass {
  const name = errorName ?? '';
  if (/Auth|Login/.test(name)) return 'auth';
  if (/Timeout|Abort/.test(name)) return 'timeout';
  if (/Unreachable|Unavailable|Connection|Throttled/.test(name)) return 'unavailable';
  if (/Request|Query|Response|Parse|Syntax|Zod|Validation/.test(name)) return 'bad_answer';
  return 'other';
}

/**
 * Counts each finished run (by kind and outcome, its duration, the last success, its records by type and outcome)
 * and each source read, in the fleet's Redis counters where every dashboard replica reads them.
 */
export class RunMetricsObserver implements RunObserver {
  constructor(private readonly counters: FleetCounters) {}

  async sourcesRead(outcomes: readonly SourceReadOutcome[]): Promise<void> {
    await this.counters.countSourceReads(
      outcomes.map((o): CountedSourceRead => ({
        source: o.source,
        ok: o.ok,
        durationSeconds: o.durationMs / 1000,
        rows: o.rows,
        atSeconds: o.at.getTime() / 1000,
        ...(o.ok ? {} : { errorClass: sourceErrorClass(o.errorClass) }),
      })),
    );
  }

  async runFinished(summary: RunSummary): Promise<void> {
    if (!summary.finishedAt || !FINAL_RUN_STATUSES.includes(summary.status as FinalRunStatus)) return;
    const finished = Date.parse(summary.finishedAt);
    const kind = runMetricKind(summary);
    await this.counters.countRun({
      runId: summary.runId,
      kind,
      status: summary.status as FinalRunStatus,
      durationSeconds: Math.max(0, (finished - Date.parse(summary.startedAt)) / 1000),
      finishedAtSeconds: finished / 1000,
      // A dry run wrote nothing and a reconcile plans nothing: only a sync's records count.
      records:
        kind === 'sync' ? Object.fromEntries(ENTITY_TYPES.map((type) => [type, { ...summary[type] }])) : {},
    });
  }
}

import { ENTITY_TYPES } from '../../../libs/domain/types.js';
import { RUN_COUNTERS, type EntityCounts, type RunSummary } from '../../../libs/state/run-records.js';

const zero = (): EntityCounts => Object.fromEntries(RUN_COUNTERS.map((c) => [c, 0])) as EntityCounts;

/** A run summary as RunRecords reads it back: all counts zero unless `overrides` say otherwise. */
export function runSummary(overrides: Partial<RunSummary> = {}): RunSummary {
  const counts = Object.fromEntries(ENTITY_TYPES.map((t) => [t, zero()])) as Pick<
    RunSummary,
    (typeof ENTITY_TYPES)[number]
  >;
  return {
    runId: 'run-1700000000000-abcd0123',
    kind: 'sync',
    trigger: 'schedule',
    dryRun: false,
    status: 'completed',
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:05:00.000Z',
    deadlineAt: null,
    safetyampCalls: 0,
    error: null,
    blocked: [],
    skipped: [],
    unfinished: {},
    invalid: [],
    failures: [],
    ...counts,
    ...overrides,
  };
}

import type { EntityType, PlannedChange } from '../domain/types.js';

export type RunTrigger = 'schedule' | 'cli' | 'dashboard' | 'demo';

/** Data of a job in the runs queue. */
export interface RunJobData {
  kind: 'sync' | 'reconcile';
  trigger: RunTrigger;
  /** Entity types to sync; all five when absent. */
  types?: EntityType[];
  requestedBy?: string;
  /** Plan only: record the plan on the run and enqueue nothing. */
  dryRun?: boolean;
  /** This run's deadline from its start (`fleet sync --max-duration`), instead of RUN_MAX_DURATION. */
  maxDurationMs?: number;
  /** Sync only these records now (`fleet sync --keys users:1234`): per type, the keys; `types` are theirs. */
  keys?: Partial<Record<EntityType, string[]>>;
}

/** Data of a tick of the schedule queue: the kind of run it requests. */
export interface ScheduleTickData {
  kind: RunJobData['kind'];
}

/** Data of a job in an entity queue: one write to SafetyAmp for one record. */
export interface EntityJobData {
  runId: string;
  change: PlannedChange;
  /** Job ids (in other entity queues) of the creates this change waits for. */
  dependsOn: { type: EntityType; jobId: string; key: string }[];
}

/** What a completed entity job returns (shown in Bull Board). */
export interface EntityJobResult {
  outcome: 'created' | 'updated' | 'deactivated' | 'unchanged';
  id: number | string;
  fields: string[];
  replanned: boolean;
}

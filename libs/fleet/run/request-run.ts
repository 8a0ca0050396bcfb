import { randomBytes } from 'node:crypto';
import type { JobsOptions } from 'bullmq';
import { ENTITY_TYPES, type EntityType } from '../../domain/types.js';
import type { RunsQueue } from '../../queue/fleet-queues.js';
import type { RunJobData, RunTrigger } from '../../queue/job-types.js';
import type { RecordKeys } from './record-keys.js';

/** What someone asks for: a sync (of all or some types, or a dry run) or a reconcile. */
export interface RunRequest {
  kind: RunJobData['kind'];
  trigger: RunTrigger;
  /** Entity types to sync; all five when absent or empty. */
  types?: readonly EntityType[];
  /** Plan only: the plan is recorded on the run and nothing is enqueued. */
  dryRun?: boolean;
  /** Who asked (a dashboard user); absent for the schedule and the CLI. */
  requestedBy?: string;
  /** This run's maximum duration, instead of the executing producer's RUN_MAX_DURATION. */
  maxDurationMs?: number;
  /**
   * Scheduled runs coalesce: while a scheduled run of the same kind is queued or running, another tick adds
   * nothing (BullMQ deduplication, atomic in Redis), so a slow run never piles up runs behind it.
   */
  coalesce?: boolean;
  /**
   * Sync these records now (and the creates they refer to), ahead of what is queued: the run goes to the head of
   * the runs queue and its jobs to the head of their queues. `types` is then ignored.
   */
  keys?: RecordKeys;
}

/** Every run's id: `run-<epoch ms>-<8 hex>`. It is the run's job id in the runs queue and its run record id. */
export function newRunId(now: Date = new Date()): string {
  return `run-${now.getTime()}-${randomBytes(4).toString('hex')}`;
}

/** A run job is never retried: a run that failed is recorded as failed, and the next run plans afresh. */
const RUN_JOB_OPTIONS: JobsOptions = {
  attempts: 1,
  removeOnComplete: { count: 500 },
  removeOnFail: { count: 500 },
};

/**
 * The one way to start a run, whoever asks (the schedule, the CLI, the dashboard, the demo): a job in the runs
 * queue, which the producers execute one at a time fleet-wide, so that no two runs ever overlap (dry runs and
 * reconciles included). Resolves with the run id (for a coalesced request, the id of the run already queued).
 */
export async function requestRun(
  runs: RunsQueue,
  request: RunRequest,
  now: Date = new Date(),
): Promise<string> {
  const keyed = request.keys && Object.values(request.keys).some((k) => k.length > 0);
  const types = keyed
    ? undefined
    : request.types?.length
      ? ENTITY_TYPES.filter((t) => request.types?.includes(t))
      : undefined;
  const data: RunJobData = {
    kind: request.kind,
    trigger: request.trigger,
    ...(types ? { types } : {}),
    ...(request.dryRun ? { dryRun: true } : {}),
    ...(request.requestedBy ? { requestedBy: request.requestedBy } : {}),
    ...(request.maxDurationMs ? { maxDurationMs: request.maxDurationMs } : {}),
    ...(keyed ? { keys: request.keys } : {}),
  };
  const job = await runs.add(request.kind, data, {
    ...RUN_JOB_OPTIONS,
    jobId: newRunId(now),
    ...(request.coalesce ? { deduplication: { id: `scheduled-${request.kind}` } } : {}),
    // BullMQ takes waiting jobs before prioritised ones, so `priority` would not put it first: LIFO does.
    ...(keyed ? { lifo: true } : {}),
  });
  return String(job.id);
}

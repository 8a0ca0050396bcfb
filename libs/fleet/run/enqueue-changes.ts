import { changeJobId } from '../../domain/index.js';
import { ENTITY_TYPES, type EntityType, type PlannedChange } from '../../domain/types.js';
import type { Logger } from '../../platform/logger.js';
import { failureClassOf } from '../../queue/failure-reasons.js';
import type { FleetQueues } from '../../queue/fleet-queues.js';
import { entityJobOptions, type EntityJobPolicy } from '../../queue/job-options.js';
import type { EntityJobData } from '../../queue/job-types.js';
import type { Mirror } from '../../state/mirror.js';
import type { RunRecords } from '../../state/run-records.js';
import { dependencyJobIds } from '../apply/dependencies.js';

export interface EnqueueDeps {
  queues: FleetQueues;
  mirror: Mirror;
  runRecords: RunRecords;
  jobPolicy: EntityJobPolicy;
  logger: Logger;
}

/** A job the run waits for: which record it writes. */
export interface PendingJob {
  type: EntityType;
  key: string;
}

const ADD_CHUNK = 1_000;

/**
 * The job id of a change: the change (type, key, fingerprint of the desired record) and the revision of the key it
 * was planned against (`.r<n>`: how many writes of that key the mirror has seen). So a change already queued is never
 * queued twice (same id), and the same change needed again after another write (a user deactivated, re-activated
 * and deactivated again) is a new job rather than one swallowed by the completed job of the first time.
 */
export function queuedJobId(change: PlannedChange, revision: number): string {
  return `${changeJobId(change)}.r${revision}`;
}

/** A job name that says what it does to which record, by key, never by a person's name. */
export function entityJobName(change: PlannedChange): string {
  return `${change.action} ${change.type} ${change.key}`;
}

/**
 * Adds a run's jobs, clusters first and assets last. Each step is atomic in Redis: BullMQ adds a batch in one
 * transaction and ignores an id it already holds; a failed job is retried by BullMQ's own script. A job id found in
 * the failed set is retried when it failed for a transient reason; when it was refused for its data (same data, same
 * id) it stays failed and counts as failed on this run too, without spending a call. Resolves with the jobs to wait
 * for. `urgent` jobs (records named to sync now) go to the head of their queues, ahead of a backlog.
 */
export async function enqueueChanges(
  deps: EnqueueDeps,
  runId: string,
  changes: readonly PlannedChange[],
  options: { urgent?: boolean } = {},
): Promise<Map<string, PendingJob>> {
  const types = ENTITY_TYPES.filter((t) => changes.some((c) => c.type === t));
  const revisions = new Map(
    await Promise.all(types.map(async (t) => [t, await deps.mirror.revisions(t)] as const)),
  );
  const jobIdOf = (change: PlannedChange): string =>
    queuedJobId(change, revisions.get(change.type)?.get(change.key) ?? 0);
  const dependencies = dependencyJobIds(changes, jobIdOf);
  const pending = new Map<string, PendingJob>();
  for (const type of types) {
    const queue = deps.queues.entities[type];
    const failed = new Set(await queue.getRanges(['failed'], 0, -1));
    const jobs: {
      name: string;
      data: EntityJobData;
      opts: ReturnType<typeof entityJobOptions> & { jobId: string };
    }[] = [];
    for (const change of changes.filter((c) => c.type === type)) {
      const jobId = jobIdOf(change);
      if (failed.has(jobId) && !(await retryTransientFailure(deps, runId, change, jobId))) continue;
      pending.set(jobId, { type, key: change.key });
      jobs.push({
        name: entityJobName(change),
        data: { runId, change, dependsOn: dependencies.get(change) ?? [] },
        opts: { ...entityJobOptions(deps.jobPolicy), jobId, ...(options.urgent ? { lifo: true } : {}) },
      });
    }
    for (let i = 0; i < jobs.length; i += ADD_CHUNK) await queue.addBulk(jobs.slice(i, i + ADD_CHUNK));
    // The same change may already wait behind a backlog (an earlier run queued it): it moves to the head too.
    if (options.urgent) for (const job of jobs) await moveToHead(queue, job.opts.jobId);
    deps.logger.info('enqueued', { runId, entityType: type, jobs: jobs.length });
  }
  return pending;
}

/**
 * For a change whose job is in the failed set: true when the run must wait for it (it was retried, or left the
 * failed set meanwhile), false when it was refused for its data and counts as failed on this run.
 */
async function retryTransientFailure(
  deps: EnqueueDeps,
  runId: string,
  change: PlannedChange,
  jobId: string,
): Promise<boolean> {
  const previous = await deps.queues.entities[change.type].getJob(jobId);
  if (!previous) return true;
  if (failureClassOf(previous.failedReason) !== 'transient') {
    await deps.runRecords.settleJob(runId, jobId, change.type, 'failed', {
      type: change.type,
      key: change.key,
      jobId,
      reason: previous.failedReason,
    });
    return false;
  }
  await previous
    .retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: false })
    .catch(() => undefined);
  return true;
}

async function moveToHead(queue: FleetQueues['entities'][EntityType], jobId: string): Promise<void> {
  const job = await queue.getJob(jobId);
  if (job && (await job.isWaiting())) await job.changePriority({ lifo: true }).catch(() => undefined);
}

import type { Job, JobsOptions } from 'bullmq';

export interface EntityJobPolicy {
  attempts: number;
  backoffMs: number;
  failedRetentionDays: number;
}

/**
 * Retries with exponential backoff and jitter; failed jobs are kept (bounded by age) so that no record is ever lost
 * from sight; completed ones are trimmed (the audit trail keeps what they did).
 */
export function entityJobOptions(policy: EntityJobPolicy): JobsOptions {
  return {
    attempts: policy.attempts,
    backoff: { type: 'exponential', delay: policy.backoffMs, jitter: 0.5 },
    removeOnComplete: { age: 24 * 3600, count: 5_000 },
    removeOnFail: { age: policy.failedRetentionDays * 24 * 3600 },
  };
}

/**
 * Whether an earlier attempt of this job may have reached SafetyAmp: an attempt failed (`attemptsMade`, which a
 * manual retry keeps) or a worker lost the job mid-attempt (`stalledCounter`, counted when BullMQ's stalled-job
 * check hands it back). Neither moves when a job is put back to wait for a dependency or for the rate budget
 * (`moveToDelayed` + `DelayedError`), so such a wait is never taken for a retry.
 */
export function ranBefore(job: Pick<Job, 'attemptsMade' | 'stalledCounter'>): boolean {
  return job.attemptsMade > 0 || job.stalledCounter > 0;
}

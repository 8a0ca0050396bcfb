import type { JobsOptions } from 'bullmq';

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

export const runJobOptions: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 30_000, jitter: 0.5 },
  removeOnComplete: { count: 200 },
  removeOnFail: { count: 200 },
};

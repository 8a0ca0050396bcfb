import type { EntityType } from '../../domain/types.js';
import type { Logger } from '../../platform/logger.js';
import type { EntityQueueEvents, SettledJob } from '../../queue/entity-queue-events.js';
import type { FleetQueues } from '../../queue/fleet-queues.js';
import type { RunRecords } from '../../state/run-records.js';
import type { PendingJob } from './enqueue-changes.js';

export interface RunJobsWatchDeps {
  queues: FleetQueues;
  events: EntityQueueEvents;
  runRecords: RunRecords;
  logger: Logger;
  /**
   * How often the states of the jobs still pending are read as well. Events are the way jobs are seen to settle;
   * this infrequent look is the safety net for what an event stream cannot promise (events trimmed from a stream
   * that grew faster than it was read, a Redis restarted without persistence).
   */
  sweepEveryMs?: number;
}

const SWEEP_CHUNK = 200;

/**
 * Waits for a run's jobs to settle, counting each on the run as it does (what it wrote, or why it failed), until
 * every one has settled or the run's deadline passes. Resolves with the jobs still unfinished, by type.
 */
export class RunJobsWatch {
  constructor(private readonly deps: RunJobsWatchDeps) {}

  async waitFor(
    runId: string,
    pending: Map<string, PendingJob>,
    deadline: Date,
  ): Promise<Partial<Record<EntityType, number>>> {
    let wake: () => void = () => undefined;
    const settling = new Set<Promise<void>>();
    const settle = (jobId: string, job: PendingJob, settled: SettledJob): void => {
      if (pending.get(jobId) !== job) return;
      pending.delete(jobId);
      const counted = this.count(runId, jobId, job, settled).catch((error: unknown) => {
        this.deps.logger.warn('could not count a settled job on its run', { runId, jobId, error });
      });
      settling.add(counted);
      void counted.finally(() => settling.delete(counted));
      if (pending.size === 0) wake();
    };
    const unsubscribe = this.deps.events.onSettled((type, settled) => {
      const job = pending.get(settled.jobId);
      if (job?.type === type) settle(settled.jobId, job, settled);
    });
    try {
      const sweepEveryMs = this.deps.sweepEveryMs ?? 60_000;
      await this.sweep(pending, settle);
      while (pending.size > 0) {
        const left = deadline.getTime() - Date.now();
        if (left <= 0) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, Math.min(left, sweepEveryMs)).unref();
        });
        if (pending.size > 0) await this.sweep(pending, settle);
      }
    } finally {
      unsubscribe();
      await Promise.all(settling);
    }
    const unfinished: Partial<Record<EntityType, number>> = {};
    for (const { type } of pending.values()) unfinished[type] = (unfinished[type] ?? 0) + 1;
    return unfinished;
  }

  private async count(runId: string, jobId: string, job: PendingJob, settled: SettledJob): Promise<void> {
    if (settled.state === 'completed') {
      await this.deps.runRecords.settleJob(runId, jobId, job.type, settled.result.outcome);
      return;
    }
    await this.deps.runRecords.settleJob(runId, jobId, job.type, 'failed', {
      type: job.type,
      key: job.key,
      jobId,
      reason: settled.failedReason,
    });
  }

  /** Reads the states of the pending jobs, a chunk at a time, and settles those that ended. */
  private async sweep(
    pending: Map<string, PendingJob>,
    settle: (jobId: string, job: PendingJob, settled: SettledJob) => void,
  ): Promise<void> {
    const entries = [...pending.entries()];
    for (let i = 0; i < entries.length; i += SWEEP_CHUNK) {
      const chunk = entries.slice(i, i + SWEEP_CHUNK);
      await Promise.all(
        chunk.map(async ([jobId, job]) => {
          const queue = this.deps.queues.entities[job.type];
          const state = await queue.getJobState(jobId);
          if (state === 'unknown') {
            // Removed (trimmed after completing, or by an operator): nothing left to wait for or to count.
            if (pending.get(jobId) === job) pending.delete(jobId);
            return;
          }
          if (state !== 'completed' && state !== 'failed') return;
          const found = await queue.getJob(jobId);
          if (!found) return;
          settle(
            jobId,
            job,
            state === 'completed'
              ? { jobId, state, result: found.returnvalue }
              : { jobId, state, failedReason: found.failedReason },
          );
        }),
      );
    }
  }
}

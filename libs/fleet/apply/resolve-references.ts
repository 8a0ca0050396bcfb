import { DelayedError, type Job } from 'bullmq';
import type { PlannedChange } from '../../domain/types.js';
import { permanentFailure } from '../../queue/failure-reasons.js';
import type { FleetQueues } from '../../queue/fleet-queues.js';
import type { EntityJobData } from '../../queue/job-types.js';
import type { Mirror } from '../../state/mirror.js';
import { refsOf } from './dependencies.js';

export interface ReferenceDeps {
  mirror: Mirror;
  queues: FleetQueues;
  now: () => Date;
  /** How long a job whose dependency is still queued waits before it looks again. */
  dependencyDelayMs: number;
}

/**
 * The change's payload with its references to records created in the same run replaced by their SafetyAmp ids.
 * While a referenced create is still queued, the job is put back to wait (`moveToDelayed` + `DelayedError`: no
 * attempt is spent); when that create failed, this change fails at once with the reason.
 */
export async function resolveReferences(
  deps: ReferenceDeps,
  job: Job<EntityJobData>,
  change: PlannedChange,
  token?: string,
): Promise<Record<string, unknown>> {
  const body: Record<string, unknown> = { ...change.payload };
  for (const { field, ref } of refsOf(change.payload)) {
    let id = await deps.mirror.idOf(ref.$ref, ref.key);
    if (id === null) {
      const dependency = job.data.dependsOn.find((d) => d.type === ref.$ref && d.key === ref.key);
      const queue = deps.queues.entities[ref.$ref];
      const state = dependency ? await queue.getJobState(dependency.jobId) : 'unknown';
      if (state === 'failed') {
        const failed = dependency ? await queue.getJob(dependency.jobId) : undefined;
        throw permanentFailure(
          'dependency',
          `${field}: ${ref.$ref} ${ref.key} could not be created (${failed?.failedReason ?? 'failed'})`,
        );
      }
      if (state !== 'completed' && state !== 'unknown') {
        await job.moveToDelayed(deps.now().getTime() + deps.dependencyDelayMs, token);
        throw new DelayedError();
      }
      id = await deps.mirror.idOf(ref.$ref, ref.key);
      if (id === null)
        throw permanentFailure('dependency', `${field}: ${ref.$ref} ${ref.key} does not exist in SafetyAmp`);
    }
    body[field] = id;
  }
  return body;
}

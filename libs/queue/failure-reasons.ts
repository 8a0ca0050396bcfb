import { UnrecoverableError } from 'bullmq';

/** Why a job failed for good, as a class operators and metrics can group by. */
export type FailureClass = 'invalid' | 'rejected' | 'dependency' | 'missing' | 'transient';

const MARKER = /^\[(invalid|rejected|dependency|missing)\] /;

/**
 * A failure that no retry can fix until the data changes: the job fails at once (BullMQ UnrecoverableError), and
 * its reason starts with the class so that the producer and the dashboard can tell it from an exhausted retry.
 */
export function permanentFailure(
  kind: Exclude<FailureClass, 'transient'>,
  reason: string,
): UnrecoverableError {
  return new UnrecoverableError(`[${kind}] ${reason}`);
}

export function failureClassOf(failedReason: string | undefined | null): FailureClass {
  const match = MARKER.exec(failedReason ?? '');
  return (match?.[1] as FailureClass | undefined) ?? 'transient';
}

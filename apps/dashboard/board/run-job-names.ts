import type { RunJobData } from '../../../libs/queue/index.js';

/** The runs queue's job names say what kind of run, of what, and who asked. */
export function describeRunJob(job: { name: string; data?: Partial<RunJobData> }): string {
  const data = job.data ?? {};
  const what =
    data.kind === 'reconcile'
      ? 'reconcile'
      : `${data.dryRun ? 'dry run' : 'sync'} of ${data.types?.join(', ') ?? 'all types'}`;
  return `${what} (${data.trigger ?? 'unknown trigger'})`;
}

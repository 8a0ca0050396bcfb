import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { PlannedChange } from '../../libs/domain/types.js';
import { createRedisConnection, type EntityJobData, type EntityQueue } from '../../libs/queue/index.js';
import { REDIS_URL } from './dashboard-harness.js';

/** Personal values that must never reach a viewer (or a metric, or a log). */
export const PERSON = {
  first_name: 'Rosalind',
  last_name: 'Quackenbush',
  email: 'rosalind.quackenbush@example.com',
  mobile_phone: '+15045550123',
  date_of_birth: '1979-03-14',
  street: '742 Evergreen Terrace',
  city: 'Shreveport',
  zip_code: '71101',
};

/** An update of employee `empId` that touches every personal field, with the old values. */
export function personalUpdate(empId: string): PlannedChange {
  return {
    type: 'users',
    key: empId,
    action: 'update',
    id: `sa-${empId}`,
    payload: { emp_id: empId, ...PERSON },
    previous: { first_name: 'Rosa', email: 'rosa.q@example.com', mobile_phone: '+15045550999' },
    fingerprint: `fp-${empId}`,
  };
}

export function userJobData(runId: string, empId: string): EntityJobData {
  return { runId, change: personalUpdate(empId), dependsOn: [] };
}

/**
 * Puts one job in the failed set of `queue` the way the fleet does: a real BullMQ worker takes it and fails it
 * (unrecoverable, with `reason`). The worker is closed before this returns; it completes any other job it
 * finds, so seed failed jobs before waiting ones.
 */
export async function seedFailedJob(
  queue: EntityQueue,
  name: string,
  data: EntityJobData,
  reason: string,
): Promise<Job<EntityJobData>> {
  const job = await queue.add(name, data, { jobId: `${name.replace(/ /g, '-')}-${Date.now()}` });
  const connection = createRedisConnection(REDIS_URL, 'blocking');
  const failed = new Promise<void>((resolve) => {
    const worker = new Worker(
      queue.name,
      async (taken) => {
        if (taken.id === job.id) throw new UnrecoverableError(reason);
      },
      { connection, prefix: queue.opts.prefix ?? 'bull', autorun: true },
    );
    worker.on('failed', (failedJob) => {
      if (failedJob?.id === job.id) void worker.close().then(() => resolve());
    });
  });
  await failed;
  await connection.quit();
  return (await queue.getJob(job.id as string)) as Job<EntityJobData>;
}

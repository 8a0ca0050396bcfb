import type { Worker } from 'bullmq';
import type { Logger } from '../../platform/logger.js';

const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);

/** Logs a BullMQ worker's failed jobs and its own errors (connection trouble is logged by the connection watch). */
export function logWorkerEvents(worker: Worker, logger: Logger): void {
  worker.on('failed', (job, err) => {
    if (!job) return;
    logger.warn('job failed', {
      queue: worker.name,
      jobId: job.id,
      attemptsMade: job.attemptsMade,
      reason: err.message,
    });
  });
  worker.on('error', (err) => {
    const code = (err as NodeJS.ErrnoException).code;
    if ((code && CONNECTION_ERRORS.has(code)) || /Connection is closed/.test(err.message)) return;
    logger.error('worker error', { queue: worker.name, error: err });
  });
}

/**
 * Stops the workers taking jobs and waits up to `timeoutMs` for their active jobs; what is still active then is
 * handed back (BullMQ's stalled-job check gives it to another worker after the lock expires).
 */
export async function closeWorkers(
  workers: readonly Worker[],
  timeoutMs: number,
  logger: Logger,
): Promise<void> {
  const graceful = Promise.all(workers.map((w) => w.close()));
  const timedOut = await Promise.race([
    graceful.then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(true), timeoutMs).unref()),
  ]);
  if (timedOut) {
    logger.warn('active jobs did not finish in time: handing them back', { timeoutMs });
    await Promise.all(workers.map((w) => w.close(true)));
  }
}

import { QueueEvents } from 'bullmq';
import type { RedisConnections } from '../../queue/connections.js';
import type { FleetQueues } from '../../queue/fleet-queues.js';
import { RUNS_QUEUE } from '../../queue/names.js';
import type { RunRecords, RunSummary } from '../../state/run-records.js';

/**
 * Waits for a run to end — on the runs queue's events, not by polling — and resolves with its record (null when
 * none was kept). A run that failed resolves too: its record says why.
 */
export async function awaitRun(
  deps: { queues: FleetQueues; runRecords: RunRecords; connections: RedisConnections },
  runId: string,
): Promise<RunSummary | null> {
  const events = new QueueEvents(RUNS_QUEUE, {
    connection: deps.connections.forEvents(),
    prefix: deps.queues.prefix,
  });
  events.on('error', () => undefined);
  try {
    await events.waitUntilReady();
    const job = await deps.queues.runs.getJob(runId);
    if (job) await job.waitUntilFinished(events).catch(() => undefined);
  } finally {
    await events.close().catch(() => undefined);
  }
  return deps.runRecords.get(runId);
}

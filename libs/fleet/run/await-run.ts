import { QueueEvents } from 'bullmq';
import type { RedisConnections } from '../../queue/connections.js';
import type { FleetQueues } from '../../queue/fleet-queues.js';
import { RUNS_QUEUE } from '../../queue/names.js';
import type { RunRecords, RunSummary } from '../../state/run-records.js';

/** How often a waiting caller checks that Redis still holds the run it waits for. */
const LOSS_CHECK_MS = 5_000;

/**
 * Waits for a run to end — on the runs queue's events — and resolves with its record (null when none was kept). A
 * run that failed resolves too: its record says why. A run Redis no longer holds (a Redis without persistence
 * restarted and lost it, with its record) ends no event: a check every few seconds sees the job gone and resolves
 * with what is left of its record (null), instead of waiting forever.
 */
export async function awaitRun(
  deps: { queues: FleetQueues; runRecords: RunRecords; connections: RedisConnections },
  runId: string,
  lossCheckMs = LOSS_CHECK_MS,
): Promise<RunSummary | null> {
  const events = new QueueEvents(RUNS_QUEUE, {
    connection: deps.connections.forEvents(),
    prefix: deps.queues.prefix,
  });
  events.on('error', () => undefined);
  let waiting = true;
  let timer: NodeJS.Timeout | undefined;
  try {
    await events.waitUntilReady();
    const job = await deps.queues.runs.getJob(runId);
    if (job) {
      const lost = new Promise<void>((resolve) => {
        const check = (): void => {
          timer = setTimeout(() => {
            void deps.queues.runs
              .getJob(runId)
              .then((still) => (still || !waiting ? check() : resolve()))
              .catch(() => (waiting ? check() : undefined));
          }, lossCheckMs);
        };
        check();
      });
      await Promise.race([job.waitUntilFinished(events).catch(() => undefined), lost]);
    }
  } finally {
    waiting = false;
    clearTimeout(timer);
    await events.close().catch(() => undefined);
  }
  return deps.runRecords.get(runId);
}

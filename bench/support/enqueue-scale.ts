import { Queue } from 'bullmq';
import type { EntityType, PlannedChange } from '../../libs/domain/types.js';
import { CallAccounting } from '../../libs/fleet/call-accounting.js';
import type { SyncPlanner } from '../../libs/fleet/planner.js';
import { RunExecutor } from '../../libs/fleet/run-executor.js';
import { createLogger, type Logger } from '../../libs/platform/logger.js';
import { createRedisConnection } from '../../libs/queue/connections.js';
import { FleetQueues } from '../../libs/queue/fleet-queues.js';
import { Mirror } from '../../libs/state/mirror.js';
import { RunRecords } from '../../libs/state/run-records.js';
import { BENCH_REDIS_URL, deleteKeys, uniquePrefix } from './redis-keys.js';
import { seconds, type BenchRow } from './result-table.js';
import { syntheticUserCreates } from './synthetic-users.js';

const JOBS = 100_000;
const CHUNK = 1_000;
const TARGET_MS = 10_000;

type Enqueue = (runId: string, changes: PlannedChange[], log: Logger) => Promise<Map<string, EntityType>>;

/**
 * Enqueues 100,000 user creates (synthetic keys, real fingerprints, home-site and title references) through the
 * producer's own code: RunExecutor's enqueue step (private, reached through a cast so that the bench measures the
 * code that runs, not a copy of it): dependency ids, deterministic job ids, the failed-set lookup, entity job
 * options, addBulk in chunks of 1,000. Baseline: addBulk of 100,000 minimal jobs without options, same chunks.
 */
export async function measureEnqueue(): Promise<BenchRow> {
  const prefix = uniquePrefix('enqueue');
  const connection = createRedisConnection(BENCH_REDIS_URL, 'blocking');
  const queues = new FleetQueues(connection, prefix);
  const plain = new Queue('plain-jobs', { connection, prefix });
  try {
    const baselineStart = performance.now();
    for (let i = 0; i < JOBS; i += CHUNK)
      await plain.addBulk(Array.from({ length: CHUNK }, (_, j) => ({ name: 'job', data: { i: i + j } })));
    const baselineMs = performance.now() - baselineStart;
    await plain.obliterate({ force: true });

    const changes = syntheticUserCreates(JOBS, { withReferences: true });
    const executor = new RunExecutor({
      queues,
      runRecords: new RunRecords(connection, prefix),
      mirror: new Mirror(connection, prefix),
      planner: {} as SyncPlanner,
      reconcile: () => Promise.resolve(),
      accounting: new CallAccounting(() => Promise.resolve()),
      jobPolicy: { attempts: 8, backoffMs: 5_000, failedRetentionDays: 14 },
      now: () => new Date(),
      logger: createLogger('bench'),
    });
    const enqueue = (executor as unknown as { enqueue?: Enqueue }).enqueue;
    if (typeof enqueue !== 'function')
      throw new Error('RunExecutor has no enqueue step any more: update the bench');
    const start = performance.now();
    const pending = await enqueue.call(executor, 'bench-run', changes, createLogger('bench'));
    const ms = performance.now() - start;
    const queued = await queues.entities.users.count();
    await queues.entities.users.obliterate({ force: true });
    return {
      what: `Enqueue ${JOBS.toLocaleString('en-US')} jobs`,
      measured: seconds(ms),
      baseline: `${seconds(baselineMs)} (minimal jobs)`,
      target: `≤ ${seconds(TARGET_MS)}`,
      met: ms <= TARGET_MS && queued === JOBS && pending.size === JOBS,
      note:
        `RunExecutor's private enqueue (cast), user creates with entityJobOptions and changeJobId ids, addBulk ` +
        `in chunks of ${CHUNK}; ${queued} jobs in the queue after it (${(JOBS / (ms / 1000)).toFixed(0)} jobs/s). ` +
        `Baseline: addBulk of ${JOBS} { name, data: { i } } jobs without options, chunks of ${CHUNK} ` +
        `(${(JOBS / (baselineMs / 1000)).toFixed(0)} jobs/s).`,
    };
  } finally {
    await plain.close();
    await queues.close();
    await connection.quit();
    await deleteKeys(prefix);
  }
}

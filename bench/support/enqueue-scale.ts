import { Queue } from 'bullmq';
import { enqueueChanges } from '../../libs/fleet/run/enqueue-changes.js';
import { createLogger } from '../../libs/platform/logger.js';
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

/**
 * Enqueues 100,000 user creates (synthetic keys, real fingerprints, home-site and title references) through the
 * producer's own code, `enqueueChanges`: the keys' revisions, dependency ids, deterministic job ids, the failed-set
 * lookup, entity job options, addBulk in chunks of 1,000. Baseline: addBulk of 100,000 minimal jobs without options, same chunks.
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
    const start = performance.now();
    const pending = await enqueueChanges(
      {
        queues,
        mirror: new Mirror(connection, prefix),
        runRecords: new RunRecords(connection, prefix),
        jobPolicy: { attempts: 8, backoffMs: 5_000, failedRetentionDays: 14 },
        logger: createLogger('bench'),
      },
      'bench-run',
      changes,
    );
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
        `enqueueChanges: user creates with entityJobOptions and revisioned job ids, addBulk ` +
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

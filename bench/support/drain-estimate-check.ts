import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ENTITY_TYPES } from '../../libs/domain/types.js';
import { backlogCalls, drainSeconds } from '../../libs/ops/drain-estimate.js';
import { readQueueCounts } from '../../libs/ops/queue-counts.js';
import { createRedisConnection } from '../../libs/queue/connections.js';
import { FleetQueues } from '../../libs/queue/fleet-queues.js';
import { FleetHarness } from '../../test/support/fleet-harness.js';
import { FleetProcess } from './fleet-process.js';
import { seconds, type BenchRow } from './result-table.js';

const BUDGET = { max: 60, windowMs: 2_000 };
/** About 600 user creates (2% of employees are invalid, 5% more are terminated and not created). */
const COMPANY = { employees: 612, jobs: 10, departments: 4, vehicles: 10 };
const WORKERS = 2;
const POLL_MS = 100;
const TOLERANCE = 0.2;
const NEVER = '0 0 1 1 *';

interface Sample {
  at: number;
  backlog: number;
}

/**
 * The dashboard's drain-time estimate against the drain it predicts. A rate-limited simulator and fleet (60 calls
 * per 2 s), a `fleet producer` and two `fleet worker` processes (concurrency 4) running; a real first run of a
 * fresh company (≈600 user creates plus a few clusters, sites, titles, assets) is queued with `fleet sync`. The
 * entity queues' counts are read every 100 ms exactly as the dashboard reads them (readQueueCounts, backlogCalls,
 * drainSeconds); at the fullest backlog the estimate is taken, and the time from then until the backlog is zero
 * is the measured drain.
 */
export async function measureDrainEstimate(workDir: string): Promise<BenchRow> {
  const h = await FleetHarness.start({ company: COMPANY, rateLimit: BUDGET });
  const connection = createRedisConnection(h.redisUrl, 'blocking');
  const queues = new FleetQueues(connection, h.keyPrefix);
  const env = { ...h.env, SYNC_SCHEDULE: NEVER, RECONCILE_SCHEDULE: NEVER };
  const processes: FleetProcess[] = [];
  try {
    processes.push(FleetProcess.start(['producer'], env, join(workDir, 'drain-producer.log')));
    for (let i = 0; i < WORKERS; i++)
      processes.push(FleetProcess.start(['worker'], env, join(workDir, `drain-worker-${i}.log`)));
    while (
      (await queues.runs.getWorkersCount()) === 0 ||
      (await queues.entities.assets.getWorkersCount()) < WORKERS
    ) {
      const dead = processes.find((p) => !p.running);
      if (dead) throw new Error(`a fleet process exited:\n${dead.tail()}`);
      await sleep(100);
    }

    const run = h.sync([]);
    let finished = false;
    void run.finally(() => (finished = true)).catch(() => undefined);
    const samples: Sample[] = [];
    for (;;) {
      const counts = await readQueueCounts(queues);
      const backlog = backlogCalls(counts.filter((q) => q.entityType !== null).map((q) => q.counts));
      samples.push({ at: performance.now(), backlog });
      if (finished && backlog === 0) break;
      await sleep(POLL_MS);
    }
    const { summary } = await run;
    const peak = samples.reduce(
      (best, s) => (s.backlog > best.backlog ? s : best),
      samples[0] ?? { at: 0, backlog: 0 },
    );
    const empty = samples.find((s) => s.at > peak.at && s.backlog === 0) ?? peak;
    const estimateMs = 1000 * drainSeconds(peak.backlog, BUDGET);
    const measuredMs = empty.at - peak.at;
    const error = (estimateMs - measuredMs) / measuredMs;
    const refused = h.safetyamp.stats().byStatus['429'] ?? 0;
    const created = ENTITY_TYPES.reduce((sum, t) => sum + summary[t].created, 0);
    return {
      what: 'Drain-time estimate vs measured drain',
      measured: `estimate ${seconds(estimateMs)} (error ${error >= 0 ? '+' : ''}${(100 * error).toFixed(1)}%)`,
      baseline: `measured ${seconds(measuredMs)}`,
      target: `within ±${(100 * TOLERANCE).toFixed(0)}%`,
      met: Math.abs(error) <= TOLERANCE,
      note:
        `budget ${BUDGET.max} calls per ${BUDGET.windowMs} ms in simulator and fleet; 1 producer, ${WORKERS} workers ` +
        `(concurrency 4); fullest backlog ${peak.backlog} calls, read every ${POLL_MS} ms; the run created ` +
        `${created} records (users ${summary.users.created}) with ${summary.safetyampCalls} calls, ` +
        `status ${summary.status}, ${refused} × 429.`,
    };
  } finally {
    await Promise.all(processes.map((p) => p.stop(0)));
    await queues.close();
    await connection.quit();
    await h.close();
  }
}

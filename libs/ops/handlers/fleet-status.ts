import type { RateBudgetUsage } from '../../safetyamp/rate-limiter.js';
import type { QuietRuns } from '../../state/run-records.js';
import type { WorkerHeartbeat } from '../../state/worker-registry.js';
import { backlogCalls, drainSeconds } from '../drain-estimate.js';
import { readQueueCounts, type QueueCounts } from '../queue-counts.js';
import type { OpsHandler } from '../request.js';
import { ok } from '../response.js';
import { runOverview, type RunOverview } from '../run-overview.js';

export interface FleetStatus {
  paused: boolean;
  /** The newest run still planning or running, with how many writes are done and how many wait. */
  currentRun: (RunOverview & { progress: { done: number; remaining: number } }) | null;
  lastRuns: RunOverview[];
  /** Scheduled runs that found nothing to do: counted, not listed. */
  quietRuns: QuietRuns;
  queues: QueueCounts[];
  backlogCalls: number;
  drainSeconds: number;
  /** null when the limiter cannot be read (Redis trouble): the page says so instead of failing. */
  budget: (RateBudgetUsage & { utilisation: number }) | null;
  workers: {
    alive: number;
    breakers: Record<WorkerHeartbeat['breaker'], number>;
    list: WorkerHeartbeat[];
  };
}

const LAST_RUNS = 10;

/** Fleet status: paused?, the current run and its progress, the last runs, the breakers and the budget in use. */
export const getFleetStatus: OpsHandler<FleetStatus> = async (ctx, { actor }) => {
  const [paused, runs, quietRuns, queues, budget, workers] = await Promise.all([
    ctx.control.isPaused(),
    ctx.runRecords.list(LAST_RUNS),
    ctx.runRecords.quietRuns(),
    readQueueCounts(ctx.queues),
    ctx.limiter.usage().catch(() => null),
    ctx.workers.alive(),
  ]);
  const backlog = backlogCalls(queues.filter((q) => q.entityType !== null).map((q) => q.counts));
  const current = runs.find((r) => r.status === 'planning' || r.status === 'running');
  let currentRun: FleetStatus['currentRun'] = null;
  if (current) {
    const overview = runOverview(current, actor.role);
    const { created, updated, deactivated, failed } = overview.totals;
    currentRun = {
      ...overview,
      progress: { done: created + updated + deactivated + failed, remaining: backlog },
    };
  }
  const breakers = { closed: 0, halfOpen: 0, open: 0 };
  for (const w of workers) breakers[w.breaker] += 1;
  return ok({
    paused,
    currentRun,
    lastRuns: runs.map((r) => runOverview(r, actor.role)),
    quietRuns,
    queues,
    backlogCalls: backlog,
    drainSeconds: drainSeconds(backlog, ctx.rateBudget),
    budget: budget && { ...budget, utilisation: budget.max > 0 ? budget.used / budget.max : 0 },
    workers: {
      alive: workers.length,
      breakers,
      list: workers.sort((a, b) => a.workerId.localeCompare(b.workerId)),
    },
  });
};

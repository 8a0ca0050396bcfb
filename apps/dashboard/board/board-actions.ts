import type { FleetAction } from '../../../libs/ops/index.js';

/**
 * Bull Board's write routes (as Bull Board declares them: `<method> <route>`) that the dashboard lets through, and
 * the fleet action each one is; the policy says which roles may take it. Any other write (adding jobs, editing job
 * data, delays or priorities, emptying or obliterating a queue, changing limits or schedulers) is no action of
 * the dashboard: it would bypass the planner (runs are triggered from the ops page).
 */
const BOARD_WRITES: Record<string, FleetAction> = {
  'put /api/queues/:queueName/:jobId/retry': 'retry-jobs',
  'put /api/queues/:queueName/retry/:queueStatus': 'retry-jobs',
  'put /api/queues/:queueName/:jobId/promote': 'promote-jobs',
  'put /api/queues/:queueName/promote': 'promote-jobs',
  'put /api/queues/:queueName/:jobId/clean': 'clean-jobs',
  'put /api/queues/:queueName/clean/:queueStatus': 'clean-jobs',
  'put /api/queues/:queueName/pause': 'pause-queues',
  'put /api/queues/pause': 'pause-queues',
  'put /api/queues/:queueName/resume': 'resume-queues',
  'put /api/queues/resume': 'resume-queues',
};

/** The fleet action a Bull Board write route takes, or null when the dashboard offers no such action. */
export function boardActionOf(method: string, route: string): FleetAction | null {
  return BOARD_WRITES[`${method} ${route}`] ?? null;
}

/** Every action Bull Board can take: a role with none of them gets the read-only board. */
export const BOARD_ACTIONS: readonly FleetAction[] = [...new Set(Object.values(BOARD_WRITES))];

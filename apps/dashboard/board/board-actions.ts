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

const ROUTE_PATTERNS = Object.entries(BOARD_WRITES).map(([key, action]) => {
  const [method = '', route = ''] = key.split(' ');
  const pattern = new RegExp(`^${route.replace(/:[A-Za-z]+/g, '[^/]+')}$`);
  return { method, pattern, action };
});

/** The fleet action a request to Bull Board takes, by its method and path under the board; null for none. */
export function boardActionOfPath(method: string, path: string): FleetAction | null {
  const lower = method.toLowerCase();
  return ROUTE_PATTERNS.find((r) => r.method === lower && r.pattern.test(path))?.action ?? null;
}

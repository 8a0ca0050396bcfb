import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import type { AfterHook, BeforeHook, UIConfig } from '@bull-board/api/typings/app';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { RequestHandler } from 'express';
import { maskPersonalFields, scrubPersonalText } from '../../libs/ops/index.js';
import { QUEUE_TITLES, RUNS_QUEUE, type FleetQueues, type RunJobData } from '../../libs/queue/index.js';
import { currentUser } from './access.js';

/** Where Bull Board lives for everyone; which board answers depends on the role. */
export const BOARD_PATH = '/board';

const DESCRIPTIONS: Record<string, string> = {
  [RUNS_QUEUE]: 'One job per sync or reconcile run; the producer runs one at a time.',
};
const ENTITY_DESCRIPTION =
  'One job per write to SafetyAmp, named by action, type and key (emp_id, job number, serial).';

/** The runs queue's job names say what kind of run, of what, and who asked. */
function describeRunJob(job: { name: string; data?: Partial<RunJobData> }): string {
  const data = job.data ?? {};
  const what =
    data.kind === 'reconcile'
      ? 'reconcile'
      : `${data.dryRun ? 'dry run' : 'sync'} of ${data.types?.join(', ') ?? 'all types'}`;
  return `${what} (${data.trigger ?? 'unknown trigger'})`;
}

const FREE_TEXT_KEYS = new Set([
  'failedReason',
  'stacktrace',
  'deferredFailure',
  'ignoredChildFailureReasons',
]);

function scrubFreeText(value: unknown, inFreeText = false, depth = 0): unknown {
  if (typeof value === 'string') return inFreeText ? scrubPersonalText(value) : value;
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubFreeText(v, inFreeText, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      scrubFreeText(v, inFreeText || FREE_TEXT_KEYS.has(k), depth + 1),
    ]),
  );
}

/** Viewers: no write route runs (403 before Bull Board's own 405), and error texts and job logs are scrubbed. */
const viewerBefore: BeforeHook = ({ method }) =>
  method === 'get' ? undefined : { allow: false, status: 403, message: 'Viewers cannot change the fleet.' };

/**
 * The writes operators may make from Bull Board: retry, promote, clean, pause and resume (routes as Bull Board
 * declares them). Adding jobs, editing job data, delays or priorities, emptying or obliterating a queue, and
 * changing limits or schedulers are refused: they would bypass the planner (runs are triggered from the ops page).
 */
const OPERATOR_WRITES = new Set([
  'put /api/queues/:queueName/:jobId/retry',
  'put /api/queues/:queueName/retry/:queueStatus',
  'put /api/queues/:queueName/:jobId/promote',
  'put /api/queues/:queueName/promote',
  'put /api/queues/:queueName/:jobId/clean',
  'put /api/queues/:queueName/clean/:queueStatus',
  'put /api/queues/:queueName/pause',
  'put /api/queues/:queueName/resume',
  'put /api/queues/pause',
  'put /api/queues/resume',
]);

const operatorBefore: BeforeHook = ({ method, route }) =>
  method === 'get' || OPERATOR_WRITES.has(`${method} ${route}`)
    ? undefined
    : {
        allow: false,
        status: 403,
        message: 'Not from the dashboard: runs are triggered on the fleet status page.',
      };

const viewerAfter: AfterHook = ({ route }, result) => ({
  ...result,
  body: scrubFreeText(result.body, route.endsWith('/logs')) as typeof result.body,
});

function buildBoard(queues: FleetQueues, readOnly: boolean): RequestHandler {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BOARD_PATH);
  const adapters = queues.all().map((queue: Queue) => {
    const adapter = new BullMQAdapter(queue, {
      displayName: QUEUE_TITLES[queue.name] ?? queue.name,
      description: DESCRIPTIONS[queue.name] ?? ENTITY_DESCRIPTION,
      ...(readOnly ? { readOnlyMode: true, allowRetries: false } : {}),
    });
    if (queue.name === RUNS_QUEUE) adapter.setFormatter('name', describeRunJob);
    if (readOnly) {
      adapter.setFormatter('data', (data: unknown) => maskPersonalFields(data));
      adapter.setFormatter('returnValue', (value: unknown) => maskPersonalFields(value));
    }
    return adapter;
  });
  const uiConfig: UIConfig = {
    boardTitle: readOnly ? 'SafetyAmp sync (read-only)' : 'SafetyAmp sync',
    miscLinks: [{ text: 'Fleet status', url: '/' }],
    hideDocsLink: true,
    hideRedisDetails: readOnly,
    ...(readOnly ? { environment: { label: 'read-only', color: '#6b7785', textColor: '#fff' } } : {}),
  };
  createBullBoard({
    queues: adapters,
    serverAdapter,
    options: {
      uiConfig,
      handlerHooks: readOnly ? { before: viewerBefore, after: viewerAfter } : { before: operatorBefore },
    },
  });
  return serverAdapter.getRouter() as RequestHandler;
}

/**
 * Two Bull Boards over the same queues: the operators' board and a read-only one for viewers (read-only mode, no
 * retries, personal fields masked by data/returnValue formatters). One handler picks the board by the session's
 * role, so both live at /board.
 */
export function createBoards(queues: FleetQueues): RequestHandler {
  const operatorBoard = buildBoard(queues, false);
  const viewerBoard = buildBoard(queues, true);
  return (req, res, next) => {
    const board = currentUser(req)?.role === 'operator' ? operatorBoard : viewerBoard;
    board(req, res, next);
  };
}

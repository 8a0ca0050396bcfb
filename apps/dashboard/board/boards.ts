import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import type { UIConfig } from '@bull-board/api/typings/app';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { RequestHandler } from 'express';
import {
  mayTake,
  presentRecord,
  ROLES,
  seesPersonalData,
  seesServerDetails,
  type DashboardRole,
} from '../../../libs/ops/index.js';
import { QUEUE_TITLES, RUNS_QUEUE, type FleetQueues } from '../../../libs/queue/index.js';
import { currentUser } from '../session-user.js';
import { BOARD_ACTIONS } from './board-actions.js';
import { boardFreeText, boardGuard } from './board-hooks.js';
import { describeRunJob } from './run-job-names.js';

/** Where Bull Board lives for everyone; which board answers depends on the role. */
export const BOARD_PATH = '/board';

const DESCRIPTIONS: Record<string, string> = {
  [RUNS_QUEUE]: 'One job per sync or reconcile run; the producer runs one at a time.',
};
const ENTITY_DESCRIPTION =
  'One job per write to SafetyAmp, named by action, type and key (emp_id, job number, serial).';

/** Bull Board as `role` may see and use it; the policy decides, this translates into Bull Board's options. */
function buildBoard(queues: FleetQueues, role: DashboardRole): RequestHandler {
  const readOnly = !BOARD_ACTIONS.some((action) => mayTake(role, action));
  const masked = !seesPersonalData(role);
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BOARD_PATH);
  const adapters = queues.all().map((queue: Queue) => {
    const adapter = new BullMQAdapter(queue, {
      displayName: QUEUE_TITLES[queue.name] ?? queue.name,
      description: DESCRIPTIONS[queue.name] ?? ENTITY_DESCRIPTION,
      readOnlyMode: readOnly,
      allowRetries: mayTake(role, 'retry-jobs'),
    });
    if (queue.name === RUNS_QUEUE) adapter.setFormatter('name', describeRunJob);
    if (masked) {
      adapter.setFormatter('data', (data: unknown) => presentRecord(role, data));
      adapter.setFormatter('returnValue', (value: unknown) => presentRecord(role, value));
    }
    return adapter;
  });
  const uiConfig: UIConfig = {
    boardTitle: readOnly ? 'SafetyAmp sync (read-only)' : 'SafetyAmp sync',
    miscLinks: [{ text: 'Fleet status', url: '/' }],
    hideDocsLink: true,
    hideRedisDetails: !seesServerDetails(role),
    ...(readOnly ? { environment: { label: 'read-only', color: '#6b7785', textColor: '#fff' } } : {}),
  };
  createBullBoard({
    queues: adapters,
    serverAdapter,
    options: {
      uiConfig,
      handlerHooks: { before: boardGuard(role), ...(masked ? { after: boardFreeText(role) } : {}) },
    },
  });
  return serverAdapter.getRouter() as RequestHandler;
}

/**
 * One Bull Board per role over the same queues (for a viewer: read-only mode, no retries, personal fields masked
 * by data/returnValue formatters and free text scrubbed). One handler picks the board by the session's role, so
 * every board lives at /board.
 */
export function createBoards(queues: FleetQueues): RequestHandler {
  const boards = new Map(ROLES.map((role) => [role, buildBoard(queues, role)]));
  return (req, res, next) => {
    const role = currentUser(req)?.role;
    const board = role && boards.get(role);
    if (board) board(req, res, next);
    else next();
  };
}

import type { RequestHandler } from 'express';
import type { Logger } from '../../../libs/platform/logger.js';
import type { OperatorActionLog } from '../../../libs/state/operator-actions.js';
import { currentUser } from '../session-user.js';
import { boardActionOfPath } from './board-actions.js';

/**
 * Puts every write sent to Bull Board (retry, promote, clean, pause, resume) into the operator action log once it
 * is answered: who, which action, on which queue or job (the path under /api/queues/), and the answer's status.
 */
export function recordBoardActions(actions: OperatorActionLog, logger: Logger): RequestHandler {
  return (req, res, next) => {
    const action = req.method === 'GET' ? null : boardActionOfPath(req.method, req.path);
    const user = currentUser(req);
    if (action && user) {
      res.once('finish', () => {
        const target = decodeURIComponent(req.path.replace(/^\/api\/queues\/?/, ''));
        actions
          .record({ actor: user.name, role: user.role, action, target, status: res.statusCode })
          .catch((error: unknown) => logger.warn('a board action could not be logged', { action, error }));
      });
    }
    next();
  };
}

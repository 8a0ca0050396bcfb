import { Router } from 'express';
import {
  allowedActions,
  getFleetStatus,
  getLastDrift,
  getLastRunInvalidRecords,
  getLogLevel,
  getUnsyncedRecords,
  isFailure,
  listFailedRecords,
  listOperatorActions,
  type OpsContext,
} from '../../../libs/ops/index.js';
import { csrfTokenFor, type CsrfProtection } from '../csrf.js';
import { fleetStatusPage } from '../views/fleet-status.js';
import { ask, opsRequest } from './ops-request.js';
import { sendPage } from './send-page.js';

const ACTIONS_SHOWN = 20;

/** What the action that redirected here did (`?notice=`). */
const NOTICES: Record<string, string> = {
  paused: 'The fleet is paused: no run starts and no write is taken until it is resumed.',
  resumed: 'The fleet is running again.',
  reconcile: 'A reconcile was queued.',
  'log-level': 'The log level was sent to every process; each logs its new level.',
  retried: 'The record was sent back to its queue; the worker re-plans it from current source data.',
};

/** The notice a `?notice=` names; only the keys above (`constructor` or `__proto__` name none). */
function noticeOf(key: unknown): string | undefined {
  return typeof key === 'string' && Object.hasOwn(NOTICES, key) ? NOTICES[key] : undefined;
}

/** GET /: the fleet status page. */
export function fleetStatusRoutes(ctx: OpsContext, csrf: CsrfProtection): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const request = opsRequest(req);
    const [status, lastRunInvalid, failed, unsynced, actions, logLevel, drift] = await Promise.all([
      ask(ctx, getFleetStatus, req),
      ask(ctx, getLastRunInvalidRecords, req),
      // Every type: the page's own query is not the list's filter.
      listFailedRecords(ctx, { ...request, query: {} }),
      ask(ctx, getUnsyncedRecords, req),
      listOperatorActions(ctx, { ...request, query: { limit: ACTIONS_SHOWN } }),
      ask(ctx, getLogLevel, req),
      ask(ctx, getLastDrift, req),
    ]);
    // None of these handlers refuses a signed-in user or a request without a query.
    if (
      isFailure(status) ||
      isFailure(lastRunInvalid) ||
      isFailure(failed) ||
      isFailure(unsynced) ||
      isFailure(actions) ||
      isFailure(logLevel) ||
      isFailure(drift)
    ) {
      throw new Error('fleet status could not be read');
    }
    const content = fleetStatusPage({
      status: status.body,
      lastRunInvalid: lastRunInvalid.body,
      failed: failed.body.failed,
      unsynced: unsynced.body,
      actions: actions.body.actions,
      logLevel: logLevel.body,
      drift: drift.body,
      notice: noticeOf(req.query.notice),
      allowed: allowedActions(request.actor.role),
      csrfToken: csrfTokenFor(csrf, req, res),
    });
    sendPage(csrf, req, res, { title: 'Fleet status', content });
  });
  return router;
}

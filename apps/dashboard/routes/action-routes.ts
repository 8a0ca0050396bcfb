import { type Request, type RequestHandler, type Response, Router } from 'express';
import {
  isFailure,
  pauseFleet,
  resumeFleet,
  retryFailedRecord,
  setLogLevel,
  syncRecords,
  triggerReconcile,
  triggerRun,
  type FleetActionHandler,
  type OpsContext,
} from '../../../libs/ops/index.js';
import type { Logger } from '../../../libs/platform/logger.js';
import { requirePermission } from '../access.js';
import type { CsrfProtection } from '../csrf.js';
import { problem } from '../views/fragments.js';
import { act } from './ops-request.js';
import { sendPage } from './send-page.js';

/**
 * POST /actions/*: the forms of the fleet status page. Each needs a user whose role may take its action; done, it
 * redirects to where its outcome shows; refused, it says why.
 */
export function actionRoutes(ctx: OpsContext, csrf: CsrfProtection, logger: Logger): Router {
  const router = Router();
  const formAction = <TBody>(handler: FleetActionHandler<TBody>, redirectTo: (body: TBody) => string) =>
    [
      requirePermission(handler.action),
      async (req: Request, res: Response) => {
        const result = await act(ctx, handler, req, logger);
        if (!isFailure(result)) return res.redirect(303, redirectTo(result.body));
        res.status(result.status);
        sendPage(csrf, req, res, { title: 'Refused', content: problem(result.body.error.message) });
      },
    ] satisfies RequestHandler[];

  router.post('/actions/pause', ...formAction(pauseFleet, () => '/?notice=paused'));
  router.post('/actions/resume', ...formAction(resumeFleet, () => '/?notice=resumed'));
  router.post('/actions/reconcile', ...formAction(triggerReconcile, () => '/?notice=reconcile'));
  router.post('/actions/run', ...formAction(triggerRun, (run) => `/runs/${encodeURIComponent(run.runId)}`));
  router.post(
    '/actions/sync-records',
    ...formAction(syncRecords, (run) => `/runs/${encodeURIComponent(run.runId)}`),
  );
  router.post('/actions/retry', ...formAction(retryFailedRecord, () => '/?notice=retried'));
  router.post('/actions/log-level', ...formAction(setLogLevel, () => '/?notice=log-level'));
  return router;
}

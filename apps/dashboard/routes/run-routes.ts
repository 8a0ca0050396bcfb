import { Router } from 'express';
import { getRunDetails, isFailure, type OpsContext } from '../../../libs/ops/index.js';
import type { CsrfProtection } from '../csrf.js';
import { isBusy, runDetailsPage } from '../views/run-details.js';
import { problem } from '../views/fragments.js';
import { ask } from './ops-request.js';
import { sendPage } from './send-page.js';

const REFRESH_SECONDS = 3;

/** GET /runs/:runId: one run's page, refreshing itself while the run is in progress. */
export function runRoutes(ctx: OpsContext, csrf: CsrfProtection): Router {
  const router = Router();
  router.get('/runs/:runId', async (req, res) => {
    const result = await ask(ctx, getRunDetails, req);
    if (isFailure(result)) {
      res.status(result.status);
      return sendPage(csrf, req, res, { title: 'Run', content: problem(result.body.error.message) });
    }
    const details = result.body;
    sendPage(csrf, req, res, {
      title: `Run ${details.run.runId}`,
      content: runDetailsPage(details),
      ...(isBusy(details.run) ? { refreshSeconds: REFRESH_SECONDS } : {}),
    });
  });
  return router;
}

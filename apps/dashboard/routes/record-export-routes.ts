import { type RequestHandler, Router } from 'express';
import {
  exportDryRunPlan,
  exportUnsyncedRecords,
  isFailure,
  type CsvDownload,
  type OpsContext,
  type OpsHandler,
} from '../../../libs/ops/index.js';
import { ask } from './ops-request.js';

/**
 * The CSV downloads, masked as the role sees them: GET /records/invalid.csv and /records/failed.csv (the unsynced
 * records, for HR) and /runs/:runId/plan.csv (a dry run's plan, field by field, before → after).
 */
export function recordExportRoutes(ctx: OpsContext): Router {
  const router = Router();
  const download =
    (handler: OpsHandler<CsvDownload>): RequestHandler =>
    async (req, res) => {
      const result = await ask(ctx, handler, req);
      if (isFailure(result)) {
        res.status(result.status).json(result.body);
        return;
      }
      res.type('text/csv; charset=utf-8').attachment(result.body.filename).send(result.body.csv);
    };
  router.get('/records/:list.csv', download(exportUnsyncedRecords));
  router.get('/runs/:runId/plan.csv', download(exportDryRunPlan));
  return router;
}

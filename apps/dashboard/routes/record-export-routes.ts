import { Router } from 'express';
import { exportUnsyncedRecords, isFailure, type OpsContext } from '../../../libs/ops/index.js';
import { ask } from './ops-request.js';

/** GET /records/invalid.csv and /records/failed.csv: the unsynced records for HR, masked as the role sees them. */
export function recordExportRoutes(ctx: OpsContext): Router {
  const router = Router();
  router.get('/records/:list.csv', async (req, res) => {
    const result = await ask(ctx, exportUnsyncedRecords, req);
    if (isFailure(result)) return res.status(result.status).json(result.body);
    res.type('text/csv; charset=utf-8').attachment(result.body.filename).send(result.body.csv);
  });
  return router;
}

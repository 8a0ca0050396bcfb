import express, { type RequestHandler, Router } from 'express';
import {
  getAuditTrail,
  getFleetStatus,
  getLastDrift,
  getLogLevel,
  getLastRunInvalidRecords,
  getRunDetails,
  getUnsyncedRecords,
  listFailedRecords,
  listOperatorActions,
  listRuns,
  pauseFleet,
  resumeFleet,
  retryFailedRecord,
  setLogLevel,
  triggerReconcile,
  triggerRun,
  syncRecords,
  type FleetActionHandler,
  type OpsContext,
  type OpsHandler,
} from '../../../libs/ops/index.js';
import type { Logger } from '../../../libs/platform/logger.js';
import { refuseWritesOfReadOnlyRoles, requirePermission } from '../access.js';
import type { CsrfProtection } from '../csrf.js';
import { currentUser } from '../session-user.js';
import { act, ask } from './ops-request.js';

/**
 * The JSON API under /api (signed-in users; writes need a role that may take them and a CSRF token in
 * `X-CSRF-Token`, which GET /api/csrf-token hands out). Each route is one ops handler, answered as it answers.
 */
export function apiRoutes(ctx: OpsContext, csrf: CsrfProtection, logger: Logger): Router {
  const read =
    <TBody>(handler: OpsHandler<TBody>): RequestHandler =>
    async (req, res) => {
      const result = await ask(ctx, handler, req);
      res.status(result.status).json(result.body);
    };
  const write = <TBody>(handler: FleetActionHandler<TBody>): RequestHandler[] => [
    requirePermission(handler.action),
    async (req, res) => {
      const result = await act(ctx, handler, req, logger);
      res.status(result.status).json(result.body);
    },
  ];

  const api = Router();
  api.use(express.json({ limit: '16kb' }));
  api.use(refuseWritesOfReadOnlyRoles);

  api.get('/me', (req, res) => {
    res.json(currentUser(req));
  });
  api.get('/csrf-token', (req, res) => {
    res.json({ token: csrf.generateCsrfToken(req, res) });
  });
  api.get('/status', read(getFleetStatus));
  api.get('/runs', read(listRuns));
  api.get('/runs/:runId', read(getRunDetails));
  api.get('/invalid', read(getLastRunInvalidRecords));
  api.get('/audit/:type/:key', read(getAuditTrail));
  api.get('/failed', read(listFailedRecords));
  api.get('/unsynced', read(getUnsyncedRecords));
  api.get('/actions', read(listOperatorActions));
  api.get('/log-level', read(getLogLevel));
  api.get('/drift', read(getLastDrift));

  api.post('/runs', ...write(triggerRun));
  api.post('/reconcile', ...write(triggerReconcile));
  api.post('/records/sync', ...write(syncRecords));
  api.post('/fleet/pause', ...write(pauseFleet));
  api.post('/fleet/resume', ...write(resumeFleet));
  api.post('/failed/:type/:jobId/retry', ...write(retryFailedRecord));
  api.post('/log-level', ...write(setLogLevel));

  api.use((_req, res) => {
    res.status(404).json({ error: { key: 'not-found', message: 'No such API route.' } });
  });
  return api;
}

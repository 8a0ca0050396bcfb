import express, { type Request, type RequestHandler, Router } from 'express';
import {
  getAuditTrail,
  getFleetStatus,
  getLastRunInvalidRecords,
  getRunDetails,
  listFailedRecords,
  pauseFleet,
  resumeFleet,
  retryFailedRecord,
  runOverview,
  triggerReconcile,
  triggerRun,
  ok,
  type OpsContext,
  type OpsHandler,
  type OpsRequest,
} from '../../libs/ops/index.js';
import type { Logger } from '../../libs/platform/logger.js';
import { currentUser, readOnlyForViewers } from './access.js';
import type { CsrfProtection } from './csrf.js';

export function opsRequest(req: Request): OpsRequest {
  const actor = currentUser(req);
  if (!actor) throw new Error('ops route reached without a user');
  return {
    actor,
    params: req.params as Record<string, string>,
    query: req.query as Record<string, unknown>,
    body: req.body,
  };
}

/** Adapts a framework-free handler to express; a write is logged with who did it and how it ended. */
export function serve(ctx: OpsContext, handler: OpsHandler, logger: Logger, action?: string): RequestHandler {
  return async (req, res) => {
    const request = opsRequest(req);
    const result = await handler(ctx, request);
    if (action) logger.info(action, { user: request.actor.name, status: result.status });
    res.status(result.status).json(result.body);
  };
}

const listRuns: OpsHandler = async (ctx, req) => {
  const limit = Math.min(100, Math.max(1, Number.parseInt(String(req.query.limit ?? '20'), 10) || 20));
  const runs = await ctx.runRecords.list(limit);
  return ok({ runs: runs.map((r) => runOverview(r, req.actor)) });
};

/**
 * The JSON API under /api (signed-in users; writes need an operator and a CSRF token in `X-CSRF-Token`, which
 * GET /api/csrf-token hands out).
 */
export function opsApi(ctx: OpsContext, csrf: CsrfProtection, logger: Logger): Router {
  const api = Router();
  api.use(express.json({ limit: '16kb' }));
  api.use(readOnlyForViewers);

  api.get('/me', (req, res) => {
    res.json(currentUser(req));
  });
  api.get('/csrf-token', (req, res) => {
    res.json({ token: csrf.generateCsrfToken(req, res) });
  });
  api.get('/status', serve(ctx, getFleetStatus, logger));
  api.get('/runs', serve(ctx, listRuns, logger));
  api.get('/runs/:runId', serve(ctx, getRunDetails, logger));
  api.get('/invalid', serve(ctx, getLastRunInvalidRecords, logger));
  api.get('/audit/:type/:key', serve(ctx, getAuditTrail, logger));
  api.get('/failed', serve(ctx, listFailedRecords, logger));

  api.post('/runs', serve(ctx, triggerRun, logger, 'run triggered'));
  api.post('/reconcile', serve(ctx, triggerReconcile, logger, 'reconcile triggered'));
  api.post('/fleet/pause', serve(ctx, pauseFleet, logger, 'fleet paused'));
  api.post('/fleet/resume', serve(ctx, resumeFleet, logger, 'fleet resumed'));
  api.post('/failed/:type/:jobId/retry', serve(ctx, retryFailedRecord, logger, 'failed record retried'));

  api.use((_req, res) => {
    res.status(404).json({ error: { key: 'not-found', message: 'No such API route.' } });
  });
  return api;
}

import { requestRun } from '../../fleet/run/request-run.js';
import { ok } from '../response.js';
import type { TriggeredRun } from './trigger-run.js';
import { withPermission } from './with-permission.js';

/** Triggers a reconcile: the mirror is rebuilt from full SafetyAmp listings. */
export const triggerReconcile = withPermission('trigger-reconcile', async (ctx, req) => {
  const runId = await requestRun(ctx.queues.runs, {
    kind: 'reconcile',
    trigger: 'dashboard',
    requestedBy: req.actor.name,
  });
  return ok<TriggeredRun>({ runId, kind: 'reconcile', types: null, dryRun: false }, 202);
});

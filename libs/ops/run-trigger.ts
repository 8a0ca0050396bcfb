import { z } from 'zod';
import { ENTITY_TYPES, type EntityType } from '../domain/types.js';
import { requestRun } from '../fleet/run/request-run.js';
import type { RunJobData } from '../queue/index.js';
import { operatorOnly } from './request.js';
import { errorResponse, ok } from './response.js';

const checkbox = z.preprocess((v) => v === true || v === 'true' || v === 'on' || v === '1', z.boolean());

/** Accepts `types` as a JSON array, a comma-separated string or repeated form fields; empty means all. */
const TriggerRunBody = z.object({
  types: z
    .preprocess(
      (v) => (typeof v === 'string' ? v.split(',') : v),
      z.array(
        z
          .string()
          .trim()
          .pipe(z.enum(ENTITY_TYPES).or(z.literal(''))),
      ),
    )
    .optional(),
  dryRun: checkbox.optional(),
});

export interface TriggeredRun {
  runId: string;
  kind: RunJobData['kind'];
  types: EntityType[] | null;
  dryRun: boolean;
}

/**
 * Triggers a sync run of all or some entity types, or a dry run whose plan is recorded on the run and
 * enqueues nothing. The producer executes run jobs one at a time fleet-wide.
 */
export const triggerRun = operatorOnly(async (ctx, req) => {
  const parsed = TriggerRunBody.safeParse(req.body ?? {});
  if (!parsed.success) {
    return errorResponse(400, 'invalid-request', `types must be among ${ENTITY_TYPES.join(', ')}`);
  }
  const chosen = [...new Set(parsed.data.types?.filter((t): t is EntityType => t !== '') ?? [])];
  const types = chosen.length ? ENTITY_TYPES.filter((t) => chosen.includes(t)) : null;
  const dryRun = parsed.data.dryRun ?? false;
  const runId = await requestRun(ctx.queues.runs, {
    kind: 'sync',
    trigger: 'dashboard',
    requestedBy: req.actor.name,
    ...(types ? { types } : {}),
    dryRun,
  });
  return ok<TriggeredRun>({ runId, kind: 'sync', types, dryRun }, 202);
});

/** Triggers a reconcile: the mirror is rebuilt from full SafetyAmp listings. */
export const triggerReconcile = operatorOnly(async (ctx, req) => {
  const runId = await requestRun(ctx.queues.runs, {
    kind: 'reconcile',
    trigger: 'dashboard',
    requestedBy: req.actor.name,
  });
  return ok<TriggeredRun>({ runId, kind: 'reconcile', types: null, dryRun: false }, 202);
});

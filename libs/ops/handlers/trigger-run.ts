import { z } from 'zod';
import { ENTITY_TYPES, type EntityType } from '../../domain/types.js';
import { requestRun } from '../../fleet/run/request-run.js';
import type { RunJobData } from '../../queue/index.js';
import { errorResponse, ok } from '../response.js';
import { withPermission } from './with-permission.js';

export interface TriggeredRun {
  runId: string;
  kind: RunJobData['kind'];
  types: EntityType[] | null;
  dryRun: boolean;
}

const checkbox = z.preprocess((v) => v === true || v === 'true' || v === 'on' || v === '1', z.boolean());

/** Accepts `types` as a JSON array, a comma-separated string or repeated form fields; empty means all. */
const RunSelectionBody = z.object({
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

/** Which run a person asks for: some types in dependency order (null = all), and whether only to plan. */
export interface RunSelection {
  types: EntityType[] | null;
  dryRun: boolean;
}

/** Reads which run is asked for from a JSON or form body; null when it names a type the fleet does not sync. */
export function parseRunSelection(body: unknown): RunSelection | null {
  const parsed = RunSelectionBody.safeParse(body ?? {});
  if (!parsed.success) return null;
  const chosen = new Set(parsed.data.types?.filter((t): t is EntityType => t !== '') ?? []);
  return {
    types: chosen.size ? ENTITY_TYPES.filter((t) => chosen.has(t)) : null,
    dryRun: parsed.data.dryRun ?? false,
  };
}

/**
 * Triggers a sync run of all or some entity types, or a dry run whose plan is recorded on the run and
 * enqueues nothing. The producer executes run jobs one at a time fleet-wide.
 */
export const triggerRun = withPermission('trigger-run', async (ctx, req) => {
  const selection = parseRunSelection(req.body);
  if (!selection) {
    return errorResponse(400, 'invalid-request', `types must be among ${ENTITY_TYPES.join(', ')}`);
  }
  const { types, dryRun } = selection;
  const runId = await requestRun(ctx.queues.runs, {
    kind: 'sync',
    trigger: 'dashboard',
    requestedBy: req.actor.name,
    ...(types ? { types } : {}),
    dryRun,
  });
  return ok<TriggeredRun>({ runId, kind: 'sync', types, dryRun }, 202);
});

import { mayTake, refusalOf, type FleetAction } from '../policy.js';
import type { OpsHandler, OpsRequest } from '../request.js';
import type { OpsResult } from '../response.js';

/** A handler that changes the fleet, with the action it takes (the web layer checks and logs it by name). */
export type FleetActionHandler<TBody> = OpsHandler<TBody> & { readonly action: FleetAction };

/** What an action applied to, for the operator action log: the record, the run it started, the types. */
function targetOf(req: OpsRequest, result: OpsResult<unknown>): string {
  const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
  const answer = (typeof result.body === 'object' && result.body !== null ? result.body : {}) as Record<
    string,
    unknown
  >;
  const record = [req.params.type ?? body.type, req.params.jobId ?? body.jobId].filter(Boolean).join('/');
  const types = [body.types ?? []].flat().filter((t) => typeof t === 'string');
  const dryRun = body.dryRun === true || body.dryRun === 'true' ? 'dry run' : '';
  const level = typeof body.level === 'string' ? body.level : '';
  const run = typeof answer.runId === 'string' ? answer.runId : '';
  return [record, run, dryRun, types.join(','), level].filter(Boolean).join(' ');
}

/**
 * Runs `handler` only for a role the policy lets take `action`; any other gets 403 `forbidden`, whatever route or
 * adapter reached it. The web layer refuses earlier too; this keeps the rule true for every caller. Either way the
 * attempt goes into the operator action log: who, when, what, on what, and how it was answered.
 */
export function withPermission<TBody>(
  action: FleetAction,
  handler: OpsHandler<TBody>,
): FleetActionHandler<TBody> {
  const guarded: OpsHandler<TBody> = async (ctx, req) => {
    const result: OpsResult<TBody> = mayTake(req.actor.role, action)
      ? await handler(ctx, req)
      : { status: 403, body: { error: refusalOf(req.actor.role, action) } };
    await ctx.actions.record({
      actor: req.actor.name,
      role: req.actor.role,
      action,
      target: targetOf(req, result),
      status: result.status,
    });
    return result;
  };
  return Object.assign(guarded, { action });
}

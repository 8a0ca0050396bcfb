import { mayTake, refusalOf, type FleetAction } from '../policy.js';
import type { OpsHandler } from '../request.js';

/** A handler that changes the fleet, with the action it takes (the web layer checks and logs it by name). */
export type FleetActionHandler<TBody> = OpsHandler<TBody> & { readonly action: FleetAction };

/**
 * Runs `handler` only for a role the policy lets take `action`; any other gets 403 `forbidden`, whatever route or
 * adapter reached it. The web layer refuses earlier too; this keeps the rule true for every caller.
 */
export function withPermission<TBody>(
  action: FleetAction,
  handler: OpsHandler<TBody>,
): FleetActionHandler<TBody> {
  const guarded: OpsHandler<TBody> = async (ctx, req) =>
    mayTake(req.actor.role, action)
      ? handler(ctx, req)
      : { status: 403, body: { error: refusalOf(req.actor.role, action) } };
  return Object.assign(guarded, { action });
}

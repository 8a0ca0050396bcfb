import type { OpsActor, OpsContext } from './context.js';
import { errorResponse, type OpsResponse } from './response.js';

/** A request as a handler sees it: who asks, and the path parameters, query and body, not yet validated. */
export interface OpsRequest {
  actor: OpsActor;
  params: Record<string, string | undefined>;
  query: Record<string, unknown>;
  body: unknown;
}

export type OpsHandler = (ctx: OpsContext, req: OpsRequest) => Promise<OpsResponse>;

/**
 * Wraps a handler that changes the fleet: viewers get 403 whatever route reached it. The web layer refuses them
 * earlier too; this keeps the rule true for any other adapter.
 */
export function operatorOnly(handler: OpsHandler): OpsHandler {
  return async (ctx, req) =>
    req.actor.role === 'operator'
      ? handler(ctx, req)
      : errorResponse(403, 'forbidden', 'Only operators may change the fleet.');
}

import type { Request } from 'express';
import type {
  FleetActionHandler,
  OpsContext,
  OpsHandler,
  OpsRequest,
  OpsResult,
} from '../../../libs/ops/index.js';
import type { Logger } from '../../../libs/platform/logger.js';
import { currentUser } from '../session-user.js';

/** An express request as the ops handlers see it (only behind `requireUser`). */
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

/** Runs a read handler for this request. */
export function ask<TBody>(
  ctx: OpsContext,
  handler: OpsHandler<TBody>,
  req: Request,
): Promise<OpsResult<TBody>> {
  return handler(ctx, opsRequest(req));
}

/** Runs a handler that changes the fleet for this request, and logs who took which action and how it ended. */
export async function act<TBody>(
  ctx: OpsContext,
  handler: FleetActionHandler<TBody>,
  req: Request,
  logger: Logger,
): Promise<OpsResult<TBody>> {
  const request = opsRequest(req);
  const result = await handler(ctx, request);
  logger.info('fleet action', { action: handler.action, user: request.actor.name, status: result.status });
  return result;
}

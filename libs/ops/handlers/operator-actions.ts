import { z } from 'zod';
import type { OperatorAction } from '../../state/operator-actions.js';
import type { OpsHandler } from '../request.js';
import { ok } from '../response.js';

export interface OperatorActionList {
  actions: OperatorAction[];
}

const Limit = z.coerce.number().int().min(1).max(1_000).catch(50);

/** Who changed the fleet from the dashboard and when, newest first (`?limit=`, 50 by default). */
export const listOperatorActions: OpsHandler<OperatorActionList> = async (ctx, req) =>
  ok({ actions: await ctx.actions.recent(Limit.parse(req.query.limit)) });

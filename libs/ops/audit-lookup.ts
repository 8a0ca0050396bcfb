import { z } from 'zod';
import { ENTITY_TYPES } from '../domain/types.js';
import type { AuditEntry } from '../state/index.js';
import type { OpsContext } from './context.js';
import { maskPersonalFields } from './personal-data.js';
import type { OpsRequest } from './request.js';
import { errorResponse, ok } from './response.js';

const AuditQuery = z.object({ type: z.enum(ENTITY_TYPES), key: z.string().trim().min(1).max(200) });

/** The audit trail of writes for one record (newest first); the changed values are masked for viewers. */
export async function getAuditTrail(ctx: OpsContext, req: OpsRequest) {
  const parsed = AuditQuery.safeParse({ ...req.query, ...req.params });
  if (!parsed.success) {
    return errorResponse(
      400,
      'invalid-request',
      `type must be one of ${ENTITY_TYPES.join(', ')} and key is required`,
    );
  }
  const { type, key } = parsed.data;
  const entries = await ctx.audit.forKey(type, key);
  return ok<{ type: string; key: string; entries: AuditEntry[] }>({
    type,
    key,
    entries: req.actor.role === 'operator' ? entries : maskPersonalFields(entries),
  });
}

import { z } from 'zod';
import { ENTITY_TYPES, type EntityType } from '../../domain/types.js';
import type { AuditEntry } from '../../state/audit-trail.js';
import { presentRecord } from '../policy.js';
import type { OpsHandler } from '../request.js';
import { errorResponse, ok } from '../response.js';

export interface RecordAuditTrail {
  type: EntityType;
  key: string;
  /** Newest first; the changed values masked for roles that do not see personal data. */
  entries: AuditEntry[];
}

const AuditQuery = z.object({ type: z.enum(ENTITY_TYPES), key: z.string().trim().min(1).max(200) });

/** The audit trail of writes for one record, by type and key (from the path or the query). */
export const getAuditTrail: OpsHandler<RecordAuditTrail> = async (ctx, req) => {
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
  return ok({ type, key, entries: presentRecord(req.actor.role, entries) });
};

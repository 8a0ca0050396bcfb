import { Router } from 'express';
import { getAuditTrail, isFailure, type OpsContext } from '../../../libs/ops/index.js';
import type { CsrfProtection } from '../csrf.js';
import { auditTrailPage, type AuditAnswer } from '../views/audit-trail.js';
import { ask } from './ops-request.js';
import { sendPage } from './send-page.js';

/** GET /audit?type=&key=: the audit trail of one record, or the empty form. */
export function auditRoutes(ctx: OpsContext, csrf: CsrfProtection): Router {
  const router = Router();
  router.get('/audit', async (req, res) => {
    const type = String(req.query.type ?? 'users');
    const key = String(req.query.key ?? '');
    let answer: AuditAnswer = { kind: 'none' };
    if (key) {
      const result = await ask(ctx, getAuditTrail, req);
      if (isFailure(result)) {
        res.status(result.status);
        answer = { kind: 'problem', message: result.body.error.message };
      } else answer = { kind: 'entries', type, key, entries: result.body.entries };
    }
    sendPage(csrf, req, res, { title: 'Audit trail', content: auditTrailPage(type, key, answer) });
  });
  return router;
}

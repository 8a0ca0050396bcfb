import type { DriftReport } from '../../state/drift-log.js';
import { presentDriftFinding } from '../run-report/drift-report.js';
import type { OpsHandler } from '../request.js';
import { ok } from '../response.js';

export interface LastDrift {
  /** What the last reconcile that compared found; null before any (a first reconcile has nothing to compare). */
  drift: DriftReport | null;
}

/** Records changed in SafetyAmp outside the fleet, as the last reconcile found them, masked for the role. */
export const getLastDrift: OpsHandler<LastDrift> = async (ctx, req) => {
  const drift = await ctx.drift.last();
  return ok({
    drift: drift && { ...drift, findings: drift.findings.map((f) => presentDriftFinding(req.actor.role, f)) },
  });
};

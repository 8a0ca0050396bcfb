import type { InvalidRecord } from '../domain/types.js';
import type { RunSummary } from '../state/run-records.js';
import { presentText, type DashboardRole } from './policy.js';

/** A run's invalid records as a role may see them: the reasons are free text and may quote a value. */
export function presentInvalidRecords(run: RunSummary, role: DashboardRole): InvalidRecord[] {
  return run.invalid.map((r) => ({ ...r, reason: presentText(role, r.reason) }));
}

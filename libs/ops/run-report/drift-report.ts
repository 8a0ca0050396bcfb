import { createHash } from 'node:crypto';
import type { DriftFinding } from '../../domain/diff/find-drift.js';
import type { DriftReport } from '../../state/drift-log.js';
import { presentFieldValue } from '../policy.js';
import { REPORT_ROLE, type OutgoingReport } from './run-report.js';

/** Findings listed in a message; the dashboard shows them all. */
const FINDINGS_LISTED = 50;

/** A drift finding as `role` may see it: the values of a personal field masked on both sides. */
export function presentDriftFinding(
  role: Parameters<typeof presentFieldValue>[0],
  f: DriftFinding,
): DriftFinding {
  return {
    ...f,
    found: presentFieldValue(role, f.field, f.found),
    written: presentFieldValue(role, f.field, f.written),
  };
}

/** A fingerprint of what drifted: the same findings (fields and values found) give the same one. */
export function driftFingerprint(findings: readonly DriftFinding[]): string {
  const members = findings.map((f) => JSON.stringify([f.type, f.key, f.field, f.found]));
  return createHash('sha256')
    .update([...new Set(members)].sort().join('\n'))
    .digest('hex');
}

export const NO_DRIFT = driftFingerprint([]);

function shown(value: unknown): string {
  return value === null || value === undefined
    ? '—'
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);
}

/** The drift report of a reconcile, as a viewer may see it. */
export function driftMessage(drift: DriftReport, dashboardUrl: string | undefined): OutgoingReport {
  const findings = drift.findings.map((f) => presentDriftFinding(REPORT_ROLE, f));
  const title = `SafetyAmp drift: ${drift.total} field(s) changed outside the fleet (reconcile ${drift.runId})`;
  const lines = [
    title,
    `Found at ${drift.foundAt}; the next sync writes the fleet's values back.`,
    '',
    ...findings
      .slice(0, FINDINGS_LISTED)
      .map(
        (f) =>
          `• ${f.type} ${f.key} ${f.field}: found ${shown(f.found)}, the fleet wrote ${shown(f.written)}`,
      ),
  ];
  if (drift.total > FINDINGS_LISTED) lines.push(`  and ${drift.total - FINDINGS_LISTED} more`);
  if (dashboardUrl) lines.push('', `Details: ${dashboardUrl}/#drift`);
  return {
    title,
    text: lines.join('\n'),
    data: { runId: drift.runId, foundAt: drift.foundAt, total: drift.total, findings },
  };
}

import { createHash } from 'node:crypto';
import type { RunSummary, SkippedType } from '../../state/run-records.js';
import { ENTITY_TYPES } from '../../domain/types.js';
import { presentText } from '../policy.js';
import { groupByReason, unsyncedOfFailure, unsyncedOfInvalid, type ReasonGroup } from '../reason-groups.js';

/** The role whose view a report shows: it leaves the dashboard, so it shows only what a viewer may see. */
export const REPORT_ROLE = 'viewer' as const;

/** Keys listed per group in a report; the dashboard and its CSV downloads have them all. */
const KEYS_PER_GROUP = 20;

/** What a run report says: the run, its counts, its unsynced records grouped by reason, where to look. */
export interface RunReport {
  runId: string;
  status: RunSummary['status'];
  finishedAt: string | null;
  counts: { invalid: number; failed: number; skipped: number };
  groups: ReasonGroup[];
  skipped: SkippedType[];
  /** The run's page on the dashboard (null without DASHBOARD_URL). */
  runUrl: string | null;
  dashboardUrl: string | null;
}

/**
 * Only a sync that ran to its end says which records are unsynced: a dry run, a reconcile, a failed or blocked run
 * does not, and a timed-out run's failures are partial (its unfinished jobs may still fail or succeed).
 */
export function isReportable(run: RunSummary): boolean {
  return (
    run.kind === 'sync' &&
    !run.dryRun &&
    (run.status === 'completed' || run.status === 'completed_with_errors')
  );
}

/**
 * A fingerprint of the run's unsynced set: which records are invalid (and in which field), which failed, which
 * types were skipped. Equal sets give equal fingerprints whatever their order or the wording of a failure.
 */
export function unsyncedFingerprint(run: RunSummary): string {
  const members = [
    ...run.invalid.map((r) => `invalid\u0000${r.type}\u0000${r.key}\u0000${r.field}`),
    ...run.failures.map((f) => `failed\u0000${f.type}\u0000${f.key}`),
    ...run.skipped.map((s) => `skipped\u0000${s.type}\u0000${s.source}`),
  ];
  return fingerprintOf(members);
}

function fingerprintOf(members: readonly string[]): string {
  return createHash('sha256')
    .update([...new Set(members)].sort().join('\n'))
    .digest('hex');
}

/** The fingerprint of a run with nothing unsynced. */
export const NOTHING_UNSYNCED = fingerprintOf([]);

/** The report of a run, as a viewer may see it. */
export function runReportOf(run: RunSummary, dashboardUrl: string | undefined): RunReport {
  const sum = (counter: 'invalid' | 'failed' | 'skipped'): number =>
    ENTITY_TYPES.reduce((n, t) => n + run[t][counter], 0);
  const records = [...run.invalid.map(unsyncedOfInvalid), ...run.failures.map(unsyncedOfFailure)];
  const groups = groupByReason(records, REPORT_ROLE).map((g) => ({
    ...g,
    keys: g.keys.slice(0, KEYS_PER_GROUP),
  }));
  return {
    runId: run.runId,
    status: run.status,
    finishedAt: run.finishedAt,
    counts: { invalid: sum('invalid'), failed: sum('failed'), skipped: sum('skipped') },
    groups,
    skipped: run.skipped.map((s) => ({ ...s, reason: presentText(REPORT_ROLE, s.reason) })),
    runUrl: dashboardUrl ? `${dashboardUrl}/runs/${encodeURIComponent(run.runId)}` : null,
    dashboardUrl: dashboardUrl ?? null,
  };
}

/** One line that says it all: the subject of the e-mail, the title of the chat message. */
export function reportTitle(report: RunReport): string {
  const { invalid, failed, skipped } = report.counts;
  if (invalid + failed + skipped === 0 && report.skipped.length === 0)
    return `SafetyAmp sync: every record is in step again (run ${report.runId})`;
  const parts = [
    invalid ? `${invalid} invalid` : '',
    failed ? `${failed} failed` : '',
    skipped || report.skipped.length ? `${skipped} skipped` : '',
  ].filter(Boolean);
  return `SafetyAmp sync: ${parts.join(', ')} record(s) not synced (run ${report.runId})`;
}

/** The report as plain text, readable in a chat (Slack, Teams) and in an e-mail alike. */
export function reportText(report: RunReport): string {
  const lines = [
    reportTitle(report),
    `Run ${report.runId} ended ${report.status}${report.finishedAt ? ` at ${report.finishedAt}` : ''}.`,
    `Invalid: ${report.counts.invalid} · Failed: ${report.counts.failed} · Skipped: ${report.counts.skipped}`,
  ];
  if (report.groups.length) lines.push('', 'By reason:');
  for (const g of report.groups) {
    const more = g.count > g.keys.length ? ` and ${g.count - g.keys.length} more` : '';
    lines.push(`• ${g.count} ${g.kind} ${g.type} (${g.field}): ${g.reason}`);
    lines.push(`  keys: ${g.keys.join(', ')}${more}`);
  }
  for (const s of report.skipped) lines.push(`• ${s.type} skipped: ${s.source} unavailable (${s.reason})`);
  if (report.runUrl) lines.push('', `Details and CSV downloads: ${report.runUrl}`);
  return lines.join('\n');
}

/** A report as it goes out: a title (subject), the text, and the data (in the webhook's JSON). */
export interface OutgoingReport {
  title: string;
  text: string;
  data: unknown;
}

export function unsyncedMessage(report: RunReport): OutgoingReport {
  return { title: reportTitle(report), text: reportText(report), data: report };
}

/** The webhook's JSON: `text` is what Slack and Teams incoming webhooks show; the report itself rides along. */
export function webhookPayload(out: OutgoingReport): Record<string, unknown> {
  return { text: out.text, title: out.title, summary: out.title, report: out.data };
}

import { ENTITY_TYPES, type EntityType, type PlannedChange } from '../../libs/domain/types.js';
import type { RunSummary } from '../../libs/state/run-records.js';

/** Human-readable run summary and plan for the terminal: counts, keys and reasons, never personal values. */

export function formatSummary(s: RunSummary): string {
  const lines = [
    `run ${s.runId} (${s.kind}, ${s.trigger}${s.dryRun ? ', dry run' : ''}): ${s.status}`,
    `  started ${s.startedAt}, finished ${s.finishedAt ?? '-'}, SafetyAmp calls ${s.safetyampCalls}`,
    `  ${'type'.padEnd(9)} created updated deactivated unchanged invalid failed skipped`,
    ...ENTITY_TYPES.map((t) => {
      const c = s[t];
      return `  ${t.padEnd(9)} ${pad(c.created, 7)} ${pad(c.updated, 7)} ${pad(c.deactivated, 11)} ${pad(c.unchanged, 9)} ${pad(c.invalid, 7)} ${pad(c.failed, 6)} ${pad(c.skipped, 7)}`;
    }),
  ];
  if (s.error) lines.push(`  error: ${s.error}`);
  for (const k of s.skipped) lines.push(`  skipped ${k.type}: ${k.reason}`);
  for (const b of s.blocked) lines.push(`  blocked ${b.type}: ${b.reason}`);
  for (const [type, n] of Object.entries(s.unfinished))
    lines.push(`  unfinished ${type}: ${n} jobs still queued`);
  if (s.invalid.length) {
    lines.push(`  invalid records (${s.invalid.length}):`);
    for (const r of s.invalid.slice(0, 50)) lines.push(`    ${r.type} ${r.key}: ${r.field}: ${r.reason}`);
    if (s.invalid.length > 50) lines.push(`    … ${s.invalid.length - 50} more on the dashboard`);
  }
  if (s.failures.length) {
    lines.push(`  failed records (${s.failures.length}):`);
    for (const f of s.failures.slice(0, 50)) lines.push(`    ${f.type} ${f.key}: ${f.reason}`);
  }
  return lines.join('\n') + '\n';
}

/** A dry run as `fleet sync --dry-run --json` prints it. */
export interface PlanReport {
  dryRun: true;
  runId: string;
  status: RunSummary['status'];
  blocked: RunSummary['blocked'];
  skipped: RunSummary['skipped'];
  entities: Partial<
    Record<
      EntityType,
      { create: number; update: number; deactivate: number; unchanged: number; invalid: number }
    >
  >;
  changes: { type: EntityType; key: string; action: string; fields: string[] }[];
  invalid: RunSummary['invalid'];
}

/** The plan a dry run recorded: its counts, and the changes (field names only) and invalid records it found. */
export function planReport(run: RunSummary, changes: readonly PlannedChange[]): PlanReport {
  const entities: PlanReport['entities'] = {};
  for (const type of ENTITY_TYPES) {
    const c = run[type];
    if (!c.created && !c.updated && !c.deactivated && !c.unchanged && !c.invalid) continue;
    entities[type] = {
      create: c.created,
      update: c.updated,
      deactivate: c.deactivated,
      unchanged: c.unchanged,
      invalid: c.invalid,
    };
  }
  return {
    dryRun: true,
    runId: run.runId,
    status: run.status,
    blocked: run.blocked,
    skipped: run.skipped,
    entities,
    changes: changes.map((c) => ({
      type: c.type,
      key: c.key,
      action: c.action,
      fields: Object.keys(c.payload),
    })),
    invalid: run.invalid,
  };
}

export function formatPlan(report: PlanReport): string {
  const lines = [
    `dry run ${report.runId} (${report.status}): nothing was changed`,
    `  ${'type'.padEnd(9)} create update deactivate unchanged invalid`,
  ];
  for (const [type, c] of Object.entries(report.entities))
    lines.push(
      `  ${type.padEnd(9)} ${pad(c.create, 6)} ${pad(c.update, 6)} ${pad(c.deactivate, 10)} ${pad(c.unchanged, 9)} ${pad(c.invalid, 7)}`,
    );
  for (const k of report.skipped) lines.push(`  skipped ${k.type}: ${k.reason}`);
  for (const b of report.blocked) lines.push(`  blocked ${b.type}: ${b.reason}`);
  for (const c of report.changes.slice(0, 100))
    lines.push(`  ${c.action} ${c.type} ${c.key}: ${c.fields.join(', ')}`);
  if (report.changes.length > 100) lines.push(`  … ${report.changes.length - 100} more changes (use --json)`);
  for (const r of report.invalid.slice(0, 100))
    lines.push(`  invalid ${r.type} ${r.key}: ${r.field}: ${r.reason}`);
  return lines.join('\n') + '\n';
}

function pad(n: number, width: number): string {
  return String(n).padStart(width);
}

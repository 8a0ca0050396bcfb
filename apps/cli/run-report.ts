import { ENTITY_TYPES, type EntityType, type RunPlan } from '../../libs/domain/types.js';
import type { RunSummary } from '../../libs/state/run-records.js';

/** Human-readable run summary and plan for the terminal: counts, keys and reasons, never personal values. */

export function formatSummary(s: RunSummary): string {
  const lines = [
    `run ${s.runId} (${s.kind}, ${s.trigger}${s.dryRun ? ', dry run' : ''}): ${s.status}`,
    `  started ${s.startedAt}, finished ${s.finishedAt ?? '-'}, SafetyAmp calls ${s.safetyampCalls}`,
    `  ${'type'.padEnd(9)} created updated deactivated unchanged invalid failed`,
    ...ENTITY_TYPES.map((t) => {
      const c = s[t];
      return `  ${t.padEnd(9)} ${pad(c.created, 7)} ${pad(c.updated, 7)} ${pad(c.deactivated, 11)} ${pad(c.unchanged, 9)} ${pad(c.invalid, 7)} ${pad(c.failed, 6)}`;
    }),
  ];
  if (s.error) lines.push(`  error: ${s.error}`);
  for (const b of s.blocked) lines.push(`  blocked ${b.type}: ${b.reason}`);
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

export interface PlanReport {
  dryRun: true;
  blocked: RunPlan['blocked'];
  entities: Partial<
    Record<
      EntityType,
      { create: number; update: number; deactivate: number; unchanged: number; invalid: number }
    >
  >;
  changes: { type: EntityType; key: string; action: string; fields: string[] }[];
  invalid: { type: EntityType; key: string; field: string; reason: string }[];
}

export function planReport(plan: RunPlan): PlanReport {
  const entities: PlanReport['entities'] = {};
  const changes: PlanReport['changes'] = [];
  const invalid: PlanReport['invalid'] = [];
  for (const type of ENTITY_TYPES) {
    const e = plan.entities[type];
    if (!e) continue;
    const count = (a: string): number => e.changes.filter((c) => c.action === a).length;
    entities[type] = {
      create: count('create'),
      update: count('update'),
      deactivate: count('deactivate'),
      unchanged: e.unchanged,
      invalid: e.invalid.length,
    };
    for (const c of e.changes)
      changes.push({ type, key: c.key, action: c.action, fields: Object.keys(c.payload) });
    invalid.push(...e.invalid);
  }
  return { dryRun: true, blocked: plan.blocked, entities, changes, invalid };
}

export function formatPlan(report: PlanReport): string {
  const lines = [
    'dry run: nothing was changed',
    `  ${'type'.padEnd(9)} create update deactivate unchanged invalid`,
  ];
  for (const [type, c] of Object.entries(report.entities))
    lines.push(
      `  ${type.padEnd(9)} ${pad(c.create, 6)} ${pad(c.update, 6)} ${pad(c.deactivate, 10)} ${pad(c.unchanged, 9)} ${pad(c.invalid, 7)}`,
    );
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

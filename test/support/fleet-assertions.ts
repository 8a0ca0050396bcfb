import { expect } from 'chai';
import type { PlanReport } from '../../apps/cli/run-report.js';
import { ENTITY_TYPES } from '../../libs/domain/types.js';
import type { RunSummary } from '../../libs/state/run-records.js';
import type { FleetHarness } from './fleet-harness.js';

/** No two SafetyAmp records share a key the fleet matches on. */
export function expectNoDuplicates(h: FleetHarness): void {
  const state = h.safetyamp.state();
  const dupes = (values: (string | null | undefined)[]): string[] => {
    const seen = new Set<string>();
    const twice = new Set<string>();
    for (const v of values) {
      if (v === null || v === undefined || v === '') continue;
      if (seen.has(v)) twice.add(v);
      seen.add(v);
    }
    return [...twice];
  };
  expect(dupes((state.users ?? []).map((u) => u.emp_id as string | null)), 'users by emp_id').to.deep.equal(
    [],
  );
  expect(
    dupes((state.sites ?? []).map((s) => s.external_code as string | null)),
    'sites by job number',
  ).to.deep.equal([]);
  expect(
    dupes((state.user_titles ?? []).map((t) => String(t.name).trim().toLowerCase())),
    'titles by name',
  ).to.deep.equal([]);
  expect(dupes((state.assets ?? []).map((a) => a.serial as string | null)), 'assets by serial').to.deep.equal(
    [],
  );
  expect(
    dupes(
      (state.site_clusters ?? []).map(
        (c) => `${String(c.parent_cluster_id)}/${String(c.name).toLowerCase()}`,
      ),
    ),
    'clusters by name under a parent',
  ).to.deep.equal([]);
}

/**
 * SafetyAmp holds what the sources say, field by field: after rebuilding the mirror from SafetyAmp's own listings,
 * a plan finds nothing to create, update or deactivate.
 */
export async function expectConverged(h: FleetHarness): Promise<PlanReport> {
  const reconcile = await h.runFleet(['reconcile', '--json']);
  expect(reconcile.code, reconcile.stderr.slice(-2000)).to.equal(0);
  const dry = await h.runFleet(['sync', '--dry-run', '--json']);
  const report = JSON.parse(dry.stdout) as PlanReport;
  const pending = report.changes.map((c) => `${c.action} ${c.type} ${c.key}: ${c.fields.join(',')}`);
  expect(pending, 'changes left after convergence').to.deep.equal([]);
  expect(report.blocked).to.deep.equal([]);
  return report;
}

/**
 * The run synced every record it could: nothing failed or was skipped, and only the generated company's invalid
 * records (which every run reports until they are fixed) keep it from being `completed`.
 */
export function expectSyncedApartFromInvalid(summary: RunSummary): void {
  const failed = summary.failures.map((f) => `${f.type} ${f.key}: ${f.reason}`);
  expect(failed, 'failed records').to.deep.equal([]);
  for (const type of ENTITY_TYPES) expect(summary[type].failed, `${type} failed`).to.equal(0);
  expect(summary.skipped, 'skipped types').to.deep.equal([]);
  expect(summary.invalid.length, 'invalid records').to.be.greaterThan(0);
  expect(summary.status, summary.error ?? '').to.equal('completed_with_errors');
}

import { FleetHarness } from '../../test/support/fleet-harness.js';
import type { BenchRow } from './result-table.js';

const COMPANY = { employees: 2_000, jobs: 200, departments: 20, vehicles: 100 };

const apiCalls = (h: FleetHarness): number =>
  h.safetyamp.calls().filter((c) => c.path.startsWith('/api/')).length;

/**
 * SafetyAmp calls of `fleet sync --inline --wait --json` on a company that was synced once already: with no
 * source change (target 0), then with 1% of the active synced employees renamed in Vista (target ≤ 1.05 × the
 * writes needed, i.e. the number renamed). Baselines: the first full sync's calls, and the writes needed.
 */
export async function measureCallsPerRun(): Promise<BenchRow[]> {
  const h = await FleetHarness.start({ company: COMPANY, rateLimit: { max: 100_000, windowMs: 1_000 } });
  try {
    const first = await h.sync(['--inline']);
    // The generated company has invalid records, reported on every run: anything else than that is a failure.
    if (
      !['completed', 'completed_with_errors'].includes(first.summary.status) ||
      first.summary.failures.length
    )
      throw new Error(`first sync ended ${first.summary.status}:\n${first.stderr.slice(-2_000)}`);
    const firstCalls = apiCalls(h);

    h.safetyamp.clearCalls();
    const steady = await h.sync(['--inline']);
    const steadyCalls = apiCalls(h);

    const changed = renameOnePercent(h);
    h.safetyamp.clearCalls();
    const after = await h.sync(['--inline']);
    const changedCalls = apiCalls(h);
    const limit = 1.05 * changed;
    const shape = `${COMPANY.employees} employees, ${COMPANY.jobs} jobs, ${COMPANY.departments} departments, ${COMPANY.vehicles} vehicles`;
    return [
      {
        what: 'SafetyAmp calls, run with no source change',
        measured: `${steady.summary.safetyampCalls} (simulator /api: ${steadyCalls})`,
        baseline: `first full sync: ${firstCalls} calls`,
        target: '0',
        met: steady.summary.safetyampCalls === 0 && steadyCalls === 0,
        note: `${shape}; second \`fleet sync --inline --wait --json\` after a first full one (status ${steady.summary.status}).`,
      },
      {
        what: 'SafetyAmp calls, run with 1% of employees changed',
        measured: `${after.summary.safetyampCalls} (simulator /api: ${changedCalls})`,
        baseline: `writes needed: ${changed}`,
        target: `≤ 1.05 × ${changed} = ${limit.toFixed(1)}`,
        met: Math.max(after.summary.safetyampCalls, changedCalls) <= limit,
        note:
          `LastName changed in Vista for ${changed} of the active synced employees (every 100th); the run ` +
          `reported ${after.summary.users.updated} users updated, ${after.summary.users.failed} failed.`,
      },
    ];
  } finally {
    await h.close();
  }
}

/** Renames every 100th active employee that SafetyAmp holds; returns how many. */
function renameOnePercent(h: FleetHarness): number {
  const synced = new Set((h.safetyamp.state().users ?? []).map((u) => String(u.emp_id)));
  const db = h.vistaDatabase();
  try {
    const active = db
      .prepare(
        'SELECT Employee FROM bPREH WHERE PRCo = 1 AND HireDate IS NOT NULL AND TermDate IS NULL ORDER BY Employee',
      )
      .all()
      .map((r) => (r as { Employee: number }).Employee)
      .filter((e) => synced.has(String(e)));
    const chosen = active.filter((_, i) => i % 100 === 0);
    const rename = db.prepare(
      "UPDATE bPREH SET LastName = LastName || 'son' WHERE PRCo = 1 AND Employee = ?",
    );
    for (const e of chosen) rename.run(e);
    return chosen.length;
  } finally {
    db.close();
  }
}

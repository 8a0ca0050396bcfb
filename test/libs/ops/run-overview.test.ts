import { expect } from 'chai';
import {
  lastPlannedRun,
  presentInvalidRecords,
  runOverview,
  type DashboardRole,
} from '../../../libs/ops/index.js';
import { PERSON } from '../../support/dashboard-fixtures.js';
import { runSummary } from './run-summaries.js';

const QUOTING = `email ${PERSON.email} is taken`;

describe('ops: runs as the dashboard shows them', () => {
  it('sums the counts of every type into totals and keeps the per-type counts', () => {
    const run = runSummary({
      users: { created: 2, updated: 3, deactivated: 0, unchanged: 10, invalid: 1, failed: 1, skipped: 0 },
      sites: { created: 1, updated: 0, deactivated: 4, unchanged: 0, invalid: 0, failed: 2, skipped: 0 },
      safetyampCalls: 12,
    });
    const overview = runOverview(run, 'operator');
    expect(overview.totals).to.deep.equal({
      created: 3,
      updated: 3,
      deactivated: 4,
      unchanged: 10,
      invalid: 1,
      failed: 3,
      skipped: 0,
    });
    expect(overview.counts.users?.unchanged).to.equal(10);
    expect(overview.safetyampCalls).to.equal(12);
  });

  it('shows the first 20 failures and counts them all, and counts the invalid records', () => {
    const failures = Array.from({ length: 25 }, (_, i) => ({
      type: 'users' as const,
      key: String(i),
      jobId: `j-${i}`,
      reason: 'HTTP 422',
    }));
    const invalid = [{ type: 'users' as const, key: '9', field: 'email', reason: 'missing' }];
    const overview = runOverview(runSummary({ failures, invalid }), 'viewer');
    expect(overview.failures.map((f) => f.key)).to.deep.equal(failures.slice(0, 20).map((f) => f.key));
    expect(overview.failureCount).to.equal(25);
    expect(overview.invalidCount).to.equal(1);
    expect(overview).not.to.have.property('invalid');
  });

  it("scrubs a run's error and failure reasons for a viewer, not for an operator", () => {
    const run = runSummary({
      error: QUOTING,
      failures: [{ type: 'users', key: '1', jobId: 'j-1', reason: QUOTING }],
    });
    const seen = (role: DashboardRole) => JSON.stringify(runOverview(run, role));
    expect(seen('viewer')).not.to.contain(PERSON.email);
    expect(runOverview(run, 'viewer').error).to.contain('is taken');
    expect(seen('operator')).to.contain(PERSON.email);
  });

  it('tells the skipped types with their reason (scrubbed for a viewer) and what a timed-out run left queued', () => {
    const run = runSummary({
      status: 'timed_out',
      skipped: [{ type: 'assets', source: 'samsara', reason: `samsara unavailable (${QUOTING})` }],
      unfinished: { users: 4 },
    });
    expect(runOverview(run, 'operator').skipped).to.deep.equal(run.skipped);
    const viewer = runOverview(run, 'viewer');
    expect(viewer.skipped[0]).to.include({ type: 'assets', source: 'samsara' });
    expect(viewer.skipped[0]?.reason).to.match(/^samsara unavailable \(.*is taken\)$/);
    expect(JSON.stringify(viewer)).not.to.contain(PERSON.email);
    expect(viewer.unfinished).to.deep.equal({ users: 4 });
  });

  it("scrubs invalid records' reasons for a viewer and keeps type, key and field", () => {
    const run = runSummary({ invalid: [{ type: 'users', key: '7', field: 'email', reason: QUOTING }] });
    expect(presentInvalidRecords(run, 'viewer')).to.deep.equal([
      { type: 'users', key: '7', field: 'email', reason: 'email ***@*** is taken' },
    ]);
    expect(presentInvalidRecords(run, 'operator')[0]?.reason).to.equal(QUOTING);
  });

  it('takes the newest sync run past planning as the last planned one, dry runs included', () => {
    const planning = runSummary({ runId: 'r-planning', status: 'planning' });
    const reconcile = runSummary({ runId: 'r-reconcile', kind: 'reconcile' });
    const dry = runSummary({ runId: 'r-dry', dryRun: true });
    const older = runSummary({ runId: 'r-older' });
    expect(lastPlannedRun([planning, reconcile, dry, older])?.runId).to.equal('r-dry');
    expect(lastPlannedRun([planning, reconcile])).to.equal(null);
    expect(lastPlannedRun([])).to.equal(null);
  });
});

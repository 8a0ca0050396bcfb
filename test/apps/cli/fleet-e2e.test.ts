import { expect } from 'chai';
import { ENTITY_TYPES } from '../../../libs/domain/types.js';
import { expectConverged, expectNoDuplicates } from '../../support/fleet-assertions.js';
import { FleetHarness } from '../../support/fleet-harness.js';

const apiCalls = (h: FleetHarness): number =>
  h.safetyamp.calls().filter((c) => c.path.startsWith('/api/')).length;

describe('the fleet end to end (real Redis, simulators over TCP, fleet processes)', function () {
  this.timeout(240_000);
  let h: FleetHarness;

  before(async () => {
    h = await FleetHarness.start({ company: {} });
  });
  after(async () => {
    await h?.close();
  });

  it('a first run creates everything, in dependency order, and reports the invalid records', async () => {
    const { code, summary } = await h.sync();
    // Invalid records keep a run from being `completed`: nobody mistakes a partial sync for a complete one.
    expect(summary.status).to.equal('completed_with_errors');
    for (const type of ENTITY_TYPES) expect(summary[type].failed, `${type} failed`).to.equal(0);
    expect(summary.clusters.created).to.be.greaterThan(0);
    expect(summary.sites.created).to.be.greaterThan(0);
    expect(summary.titles.created).to.be.greaterThan(0);
    expect(summary.users.created).to.be.greaterThan(100);
    expect(summary.assets.created).to.be.greaterThan(0);
    // The generated company has invalid employees and vehicles: they are reported, not sent, and exit code is 1.
    expect(summary.users.invalid).to.be.greaterThan(0);
    expect(summary.invalid.every((r) => r.field && r.reason)).to.equal(true);
    expect(code).to.equal(1);
    // Had a user gone out before its site, or a site before its cluster, SafetyAmp would have answered 422.
    expect(h.safetyamp.stats().byStatus['422'] ?? 0).to.equal(0);
    expect(summary.safetyampCalls).to.equal(apiCalls(h));
    expectNoDuplicates(h);
  });

  it('a second run with no source change makes zero SafetyAmp calls', async () => {
    h.safetyamp.clearCalls();
    const { code, summary } = await h.sync();
    // The generated company's invalid records are still invalid: the run says so every time until they are fixed.
    expect(summary.status).to.equal('completed_with_errors');
    expect(code).to.equal(1);
    expect(summary.users.invalid).to.be.greaterThan(0);
    expect(summary.safetyampCalls).to.equal(0);
    expect(apiCalls(h)).to.equal(0);
    for (const type of ENTITY_TYPES) {
      expect(summary[type].created + summary[type].updated + summary[type].deactivated, type).to.equal(0);
    }
  });

  it('after 1% of employees change, a few are terminated and a job is added, the run makes exactly the writes needed', async () => {
    const synced = new Set((h.safetyamp.state().users ?? []).map((u) => String(u.emp_id)));
    const db = h.vistaDatabase();
    const active = db
      .prepare(
        'SELECT Employee FROM bPREH WHERE PRCo = 1 AND HireDate IS NOT NULL AND TermDate IS NULL ORDER BY Employee',
      )
      .all()
      .map((r) => (r as { Employee: number }).Employee)
      .filter((e) => synced.has(String(e)));
    const renamed = active.slice(0, 2);
    const terminated = active.slice(-3);
    for (const e of renamed)
      db.prepare("UPDATE bPREH SET LastName = LastName || 'son' WHERE PRCo = 1 AND Employee = ?").run(e);
    for (const e of terminated)
      db.prepare("UPDATE bPREH SET TermDate = '2026-10-30 00:00:00' WHERE PRCo = 1 AND Employee = ?").run(e);
    const contract = db
      .prepare(
        'SELECT CM.Contract FROM bJCCM CM JOIN bPRDP DP ON DP.PRCo = CM.JCCo AND DP.PRDept = CM.Department WHERE CM.JCCo = 1 LIMIT 1',
      )
      .get() as { Contract: string };
    db.prepare(
      "INSERT INTO bJCJM (JCCo, Job, Description, Contract, JobStatus, ShipAddress, ShipCity, ShipState, ShipZip) VALUES (1, '99999.', 'New plant', ?, 1, '1 Main St', 'Sulphur', 'LA', '70663')",
    ).run(contract.Contract);
    db.close();

    h.safetyamp.clearCalls();
    const { summary } = await h.sync();
    expect(summary.users.updated).to.equal(renamed.length);
    expect(summary.users.deactivated).to.equal(terminated.length);
    expect(summary.sites.created).to.equal(1);
    const writes = renamed.length + terminated.length + 1;
    expect(summary.safetyampCalls).to.equal(writes);
    expect(apiCalls(h)).to.equal(writes);
    const deactivated = (h.safetyamp.state().users ?? []).filter((u) =>
      terminated.map(String).includes(String(u.emp_id)),
    );
    expect(deactivated.map((u) => u.system_access)).to.deep.equal(terminated.map(() => false));
  });

  it('re-activates a re-hired employee, and deactivates them again when terminated again', async () => {
    const user = (h.safetyamp.state().users ?? []).find((u) => u.system_access === false && u.emp_id);
    const employee = Number(user?.emp_id);
    const setTermDate = (value: string | null): void => {
      const db = h.vistaDatabase();
      db.prepare('UPDATE bPREH SET TermDate = ? WHERE PRCo = 1 AND Employee = ?').run(value, employee);
      db.close();
    };
    const access = (): unknown =>
      (h.safetyamp.state().users ?? []).find((u) => u.emp_id === String(employee))?.system_access;

    setTermDate(null);
    const rehired = await h.sync();
    expect(rehired.summary.users.updated).to.equal(1);
    expect(access()).to.equal(true);

    // The same deactivation as before: the same job id, whose completed job must not swallow it.
    setTermDate('2026-11-15 00:00:00');
    const terminated = await h.sync();
    expect(terminated.summary.users.deactivated).to.equal(1);
    expect(access()).to.equal(false);
  });

  it('leaves SafetyAmp equal to the desired state, field by field, with no duplicates', async () => {
    await expectConverged(h);
    expectNoDuplicates(h);
  });

  it('`fleet sync --dry-run` shows the plan and changes nothing', async () => {
    const db = h.vistaDatabase();
    db.prepare("UPDATE bJCJM SET Description = 'Renamed plant' WHERE JCCo = 1 AND Job = '99999.'").run();
    db.close();
    h.safetyamp.clearCalls();
    const dry = await h.runFleet(['sync', '--dry-run', '--json']);
    const report = JSON.parse(dry.stdout) as {
      changes: { type: string; key: string; action: string; fields: string[] }[];
    };
    expect(report.changes).to.deep.include({
      type: 'sites',
      key: '99999.',
      action: 'update',
      fields: ['name'],
    });
    expect(apiCalls(h)).to.equal(0);
    const site = (h.safetyamp.state().sites ?? []).find((s) => s.external_code === '99999.');
    expect(String(site?.name)).to.contain('New plant');
  });
});

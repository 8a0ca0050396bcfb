import { expect } from 'chai';
import { planRun } from '../../../libs/domain/index.js';
import type { SaUser } from '../../../libs/domain/index.js';
import { employee, settings, source, syncedTenant, syncedUser } from './fixtures.js';

/** `count` active fleet users u1..u<count> with emp_ids 1..count, of which Vista lists the first `active`. */
function fleet(count: number, active: number) {
  const users: SaUser[] = Array.from({ length: count }, (_, i) =>
    syncedUser({ id: `u${i + 1}`, emp_id: String(i + 1), email: `e${i + 1}@example.com` }),
  );
  const employees = Array.from({ length: active }, (_, i) =>
    employee({ Employee: i + 1, Email: `e${i + 1}@example.com` }),
  );
  const recentJobs = employees.map((e) => ({ Employee: e.Employee, Job: '12345.', PREndDate: null }));
  return { src: source({ employees, recentJobs }), current: syncedTenant({ users }) };
}

describe('domain plan: terminated employees and the mass-change guard', () => {
  it('deactivates an active user whose emp_id Vista no longer lists, with system_access false', () => {
    const { src, current } = fleet(40, 39);
    const plan = planRun(src, current, settings());
    const deactivations = plan.entities.users?.changes.filter((c) => c.action === 'deactivate');
    expect(deactivations).to.have.length(1);
    expect(deactivations?.[0]).to.include({ type: 'users', key: '40', id: 'u40' });
    expect(deactivations?.[0]?.payload).to.deep.equal({ system_access: false });
    expect(deactivations?.[0]?.previous).to.deep.equal({ system_access: true });
    expect(plan.blocked).to.deep.equal([]);
  });

  it('leaves terminated users alone under the "ignore" policy', () => {
    const { src, current } = fleet(40, 39);
    const plan = planRun(src, current, settings({ deactivationPolicy: 'ignore' }));
    expect(plan.entities.users?.changes).to.deep.equal([]);
  });

  it('never touches users without an emp_id of the fleet, nor users already inactive', () => {
    const { src, current } = fleet(20, 20);
    current.users.push(
      syncedUser({ id: 'admin', emp_id: null, email: 'admin@example.com' }),
      syncedUser({ id: 'contractor', emp_id: 'C-17', email: 'c@example.com' }),
      syncedUser({ id: 'gone', emp_id: '9000', email: 'g@example.com', system_access: false }),
      syncedUser({
        id: 'gone2',
        emp_id: '9001',
        email: 'g2@example.com',
        system_access: '0' as unknown as boolean,
      }),
    );
    expect(planRun(src, current, settings()).entities.users?.changes).to.deep.equal([]);
  });

  it('blocks a plan that would deactivate more than the allowed share of active users', () => {
    const { src, current } = fleet(40, 37);
    const plan = planRun(src, current, settings());
    expect(plan.blocked).to.deep.equal([
      {
        type: 'users',
        reason: 'the plan would deactivate 3 of 40 active users, more than the allowed 5%; refusing to act',
      },
    ]);
    expect(planRun(src, current, settings({ maxDeactivationShare: 0.1 })).blocked).to.deep.equal([]);
  });

  it('blocks when a source returns nothing for a type SafetyAmp holds records of', () => {
    const current = syncedTenant({ assets: [{ id: 900, name: 'Truck', serial: 'S1' }] });
    const plan = planRun(
      source({ departments: [], jobs: [], employees: [], recentJobs: [], vehicles: [] }),
      current,
      settings(),
    );
    expect(plan.blocked.map((b) => b.type)).to.deep.equal(['clusters', 'sites', 'assets', 'users']);
    expect(plan.blocked.find((b) => b.type === 'users')?.reason).to.equal(
      'the source returned no active employees while SafetyAmp holds 1 users with an employee number; refusing to act on an empty source',
    );
    expect(plan.blocked.find((b) => b.type === 'sites')?.reason).to.match(
      /no open jobs while SafetyAmp holds 1 sites/,
    );
    expect(plan.blocked.find((b) => b.type === 'assets')?.reason).to.match(
      /no vehicles while SafetyAmp holds 1 assets/,
    );
  });

  it('does not block an empty source for a type SafetyAmp has none of, nor types outside the scope', () => {
    expect(planRun(source({ vehicles: [] }), syncedTenant(), settings()).blocked).to.deep.equal([]);
    const empty = source({ employees: [], recentJobs: [] });
    expect(planRun(empty, syncedTenant(), settings(), { types: ['sites'] }).blocked).to.deep.equal([]);
  });

  it('re-plans one key without the guard and without deactivating anyone else', () => {
    const { src, current } = fleet(40, 30);
    const retry = planRun(src, current, settings(), { keys: { users: ['35'] } });
    expect(retry.blocked).to.deep.equal([]);
    expect(retry.entities.users?.changes.map((c) => [c.key, c.action])).to.deep.equal([['35', 'deactivate']]);
    const other = planRun(src, current, settings(), { keys: { users: ['5'] } });
    expect(other.entities.users?.changes).to.deep.equal([]);
    expect(other.entities.users?.unchanged).to.equal(1);
  });
});

import { expect } from 'chai';
import { planRun } from '../../../libs/domain/index.js';
import type {
  EntityPlan,
  GraphUser,
  RunPlan,
  SafetyAmpSnapshot,
  SourceSnapshot,
} from '../../../libs/domain/index.js';
import { employee, settings, source, syncedTenant, syncedUser, tenant } from './fixtures.js';

function users(plan: RunPlan): EntityPlan {
  const found = plan.entities.users;
  if (found === undefined) throw new Error('no user plan');
  return found;
}

/** A home-office site on the region, so that employees without a recent job still have a home site. */
function withHomeOffice(current: SafetyAmpSnapshot): SafetyAmpSnapshot {
  current.sites.push({ id: 400, name: 'Lake Charles Office', external_code: null, cluster_id: 10 });
  return current;
}

function planUsers(
  src: SourceSnapshot,
  current: SafetyAmpSnapshot = withHomeOffice(syncedTenant({ users: [] })),
): EntityPlan {
  return users(planRun(src, current, settings()));
}

function entra(overrides: Partial<GraphUser> = {}): GraphUser {
  return {
    id: 'g1',
    employeeId: '101',
    mail: 'Ann.Lee@Corp.example.com',
    accountEnabled: true,
    businessPhones: ['+1 337 555 0199'],
    ...overrides,
  };
}

describe('domain plan: users (domain.md §4.4)', () => {
  it('maps every field of a new user', () => {
    const plan = planUsers(
      source({
        employees: [
          employee({
            Employee: 101,
            FirstName: ' Ann ',
            MidName: ' B ',
            LastName: ' Lee ',
            Sex: 'f',
            Email: ' Ann.Lee@Example.com ',
            udEmpTitle: 'Electrician ',
            BirthDate: new Date('1980-05-02T00:00:00Z'),
            HireDate: '2020-01-06 00:00:00',
            Phone: '225-555-0134',
            Address: ' 1 Main St ',
            City: 'Sulphur ',
            State: 'LA ',
            Zip: '70663-',
          }),
        ],
      }),
    );
    expect(plan.invalid).to.deep.equal([]);
    expect(plan.changes[0]).to.include({ type: 'users', key: '101', action: 'create' });
    expect(plan.changes[0]?.payload).to.deep.equal({
      emp_id: '101',
      first_name: 'Ann',
      middle_name: 'B',
      last_name: 'Lee',
      email: 'ann.lee@example.com',
      gender: 0,
      date_of_birth: '1980-05-02',
      current_hire_date: '2020-01-06',
      street: '1 Main St',
      city: 'Sulphur',
      state: 'LA',
      zip_code: '70663',
      country: 'US',
      timezone: 'America/Chicago',
      mobile_phone: '+12255550134',
      work_phone: '+12255550134',
      home_site_id: 500,
      current_title_id: 40,
      roles: [{ id: 3 }],
      system_access: true,
      text_opt_out: 1,
    });
  });

  it('takes role, country and time zone from the settings, and sends no role the tenant lacks', () => {
    const tenantWithoutField = syncedTenant({ users: [], roles: [{ id: 2, name: 'Supervisor' }] });
    const custom = settings({ defaultRoleName: 'supervisor', country: 'CA', timezone: 'America/Toronto' });
    const payload = users(planRun(source(), tenantWithoutField, custom)).changes[0]?.payload;
    expect(payload).to.deep.include({ roles: [{ id: 2 }], country: 'CA', timezone: 'America/Toronto' });
    const none = users(planRun(source(), tenantWithoutField, settings())).changes[0]?.payload;
    expect(none).to.not.have.property('roles');
  });

  it('leaves a synced user unchanged', () => {
    const plan = users(planRun(source(), syncedTenant(), settings()));
    expect(plan.changes).to.deep.equal([]);
    expect(plan.unchanged).to.equal(1);
    expect(plan.keyIndex).to.deep.equal({ '101': 'u101' });
  });

  it('leaves out what Vista lacks or holds malformed, with a warning for malformed values', () => {
    const plan = planUsers(
      source({
        employees: [
          employee({
            MidName: null,
            Sex: 'X',
            BirthDate: '05/02/1980',
            HireDate: null,
            Phone: '555',
            Zip: 'LA',
            Address: null,
          }),
        ],
      }),
    );
    const payload = plan.changes[0]?.payload ?? {};
    for (const field of [
      'middle_name',
      'gender',
      'date_of_birth',
      'current_hire_date',
      'mobile_phone',
      'work_phone',
      'zip_code',
      'street',
    ]) {
      expect(payload, field).to.not.have.property(field);
    }
    expect(plan.warnings.map((w) => [w.field, w.reason])).to.deep.equal([
      ['gender', 'sex is neither male nor female; left out'],
      ['date_of_birth', 'date is not YYYY-MM-DD; left out'],
      ['zip_code', 'zip is not a valid zip code; left out'],
      ['mobile_phone', 'phone is not a valid phone number; left out'],
    ]);
  });

  describe('e-mail', () => {
    it("takes the enabled Entra user's mail matched on the trimmed employeeId, lower-cased", () => {
      const plan = planUsers(source({ entraUsers: [entra({ employeeId: ' 101 ' })] }));
      expect(plan.changes[0]?.payload.email).to.equal('ann.lee@corp.example.com');
    });

    it("falls back to Vista's e-mail for a disabled account, an onmicrosoft mail or another employeeId", () => {
      for (const other of [
        entra({ accountEnabled: false }),
        entra({ mail: 'ann@tenant.OnMicrosoft.com' }),
        entra({ employeeId: '0101' }),
        entra({ mail: null }),
      ]) {
        expect(planUsers(source({ entraUsers: [other] })).changes[0]?.payload.email).to.equal(
          'ann.lee@example.com',
        );
      }
    });

    it('falls back to Vista when two Entra accounts give different mails, with a warning', () => {
      const plan = planUsers(
        source({ entraUsers: [entra(), entra({ id: 'g2', mail: 'a.lee@corp.example.com' })] }),
      );
      expect(plan.changes[0]?.payload.email).to.equal('ann.lee@example.com');
      expect(plan.warnings[0]).to.include({ key: '101', field: 'email' });
    });

    it('makes a user without a usable e-mail invalid (the API requires one)', () => {
      const plan = planUsers(
        source({
          employees: [employee({ Email: null }), employee({ Employee: 102, Email: 'ann at example' })],
        }),
      );
      expect(plan.changes).to.deep.equal([]);
      expect(plan.invalid).to.deep.equal([
        { type: 'users', key: '101', field: 'email', reason: 'e-mail is required' },
        { type: 'users', key: '102', field: 'email', reason: 'e-mail is not a valid address' },
      ]);
    });
  });

  it("uses Entra's first business phone as the work phone, else Vista's phone (never one phone in two fields by default)", () => {
    const withEntra = planUsers(source({ entraUsers: [entra()] })).changes[0]?.payload;
    expect(withEntra).to.deep.include({ mobile_phone: '+12255550134', work_phone: '+13375550199' });
    const badEntra = planUsers(source({ entraUsers: [entra({ businessPhones: ['ext. 12'] })] })).changes[0]
      ?.payload;
    expect(badEntra).to.deep.include({ work_phone: '+12255550134' });
  });

  describe('home site', () => {
    it("is the recent job's site, created in this run when it is new", () => {
      const plan = users(planRun(source(), syncedTenant({ sites: [], users: [] }), settings()));
      expect(plan.changes[0]?.payload.home_site_id).to.deep.equal({ $ref: 'sites', key: '12345.' });
    });

    it("is else the home-office site hanging off the employee's region cluster", () => {
      const current = syncedTenant({ users: [] });
      current.sites.push({ id: 400, name: 'Lake Charles Office', external_code: null, cluster_id: 10 });
      current.sites.push({ id: 401, name: 'Annex', external_code: null, cluster_id: 10 });
      const plan = users(planRun(source({ recentJobs: [] }), current, settings()));
      expect(plan.changes[0]?.payload.home_site_id).to.equal(400);
      const closedJob = users(
        planRun(
          source({ recentJobs: [{ Employee: 101, Job: '999.', PREndDate: null }] }),
          current,
          settings(),
        ),
      );
      expect(closedJob.changes[0]?.payload.home_site_id).to.equal(400);
    });

    it('makes the user invalid when neither exists, saying why', () => {
      const plan = planUsers(
        source({ recentJobs: [{ Employee: '101', Job: '999.', PREndDate: null }] }),
        syncedTenant({ users: [] }),
      );
      expect(plan.invalid).to.deep.equal([
        {
          type: 'users',
          key: '101',
          field: 'home_site_id',
          reason:
            'no home site: recent job 999. has no SafetyAmp site, and the region of department 01 has no home-office site',
        },
      ]);
    });

    it('picks the latest of several recent-job rows, never the row order', () => {
      const current = syncedTenant({ users: [] });
      current.sites.push({ id: 501, name: '2.', external_code: '2.', cluster_id: 11 });
      const rows = [
        { Employee: 101, Job: '12345.', PREndDate: '2025-03-09 00:00:00' },
        { Employee: 101, Job: '2.', PREndDate: '2025-02-01 00:00:00' },
      ];
      expect(
        users(planRun(source({ recentJobs: rows }), current, settings())).changes[0]?.payload.home_site_id,
      ).to.equal(500);
      expect(
        users(planRun(source({ recentJobs: [...rows].reverse() }), current, settings())).changes[0]?.payload
          .home_site_id,
      ).to.equal(500);
    });
  });

  describe('title', () => {
    it('is looked up trimmed and case-insensitively (the original looked it up untrimmed)', () => {
      const plan = planUsers(source({ employees: [employee({ udEmpTitle: ' electrician  ' })] }));
      expect(plan.changes[0]?.payload.current_title_id).to.equal(40);
    });

    it('points at a title created in this run, and an existing user gets it too', () => {
      const plan = users(
        planRun(source({ employees: [employee({ udEmpTitle: 'Foreman' })] }), syncedTenant(), settings()),
      );
      expect(plan.changes[0]).to.include({ action: 'update', id: 'u101' });
      expect(plan.changes[0]?.payload).to.deep.equal({
        current_title_id: { $ref: 'titles', key: 'foreman' },
      });
    });
  });

  describe('updates', () => {
    it('carry only what changed, female included', () => {
      const current = syncedTenant({
        users: [syncedUser({ gender: 1, city: 'Lake Charles', mobile_phone: '(225) 555-0134' })],
      });
      const plan = users(planRun(source(), current, settings()));
      expect(plan.changes).to.have.length(1);
      expect(plan.changes[0]?.payload).to.deep.equal({ gender: 0, city: 'Sulphur' });
      expect(plan.changes[0]?.previous).to.deep.equal({ gender: 1, city: 'Lake Charles' });
    });

    it('re-activate a user that SafetyAmp holds inactive, together with other changes in one call', () => {
      const current = syncedTenant({ users: [syncedUser({ system_access: 0, last_name: 'Smith' })] });
      const plan = users(planRun(source(), current, settings()));
      expect(plan.changes).to.have.length(1);
      expect(plan.changes[0]?.payload).to.deep.equal({ last_name: 'Lee', system_access: true });
    });

    it('still go out when Vista lacks a required value SafetyAmp holds, with a warning', () => {
      const current = syncedTenant({ users: [syncedUser({ city: 'Lake Charles' })] });
      const plan = users(planRun(source({ employees: [employee({ Email: null })] }), current, settings()));
      expect(plan.invalid).to.deep.equal([]);
      expect(plan.changes[0]?.payload).to.deep.equal({ city: 'Sulphur' });
      expect(plan.warnings).to.deep.equal([
        {
          type: 'users',
          key: '101',
          field: 'email',
          reason: 'e-mail is required; SafetyAmp keeps its current value',
        },
      ]);
    });

    it('never touch timezone, text_opt_out or emp_id spelling set in SafetyAmp', () => {
      const current = syncedTenant({
        users: [syncedUser({ timezone: 'America/Denver', text_opt_out: 0, emp_id: '00101' })],
      });
      expect(users(planRun(source(), current, settings())).changes).to.deep.equal([]);
    });
  });

  describe('invalid records', () => {
    it('an employee number that is missing or not a whole number', () => {
      const plan = planUsers(
        source({
          employees: [
            employee({ Employee: null }),
            employee({ Employee: 'A12' }),
            employee({ Employee: 12.5 }),
          ],
        }),
      );
      expect(plan.invalid.map((i) => i.key)).to.deep.equal(['row 1', 'row 2', 'row 3']);
      expect(plan.invalid[0]).to.include({
        field: 'emp_id',
        reason: 'employee number is missing or not a whole number',
      });
    });

    it('two employees with one e-mail, or one number: both reported, neither sent', () => {
      const plan = planUsers(
        source({
          employees: [
            employee({ Employee: 101 }),
            employee({ Employee: 102, Email: ' ANN.LEE@example.com' }),
            employee({ Employee: 103, Email: 'c@example.com' }),
            employee({ Employee: '103', Email: 'd@example.com' }),
            employee({ Employee: 104, Email: 'e@example.com' }),
          ],
        }),
      );
      expect(plan.changes.map((c) => c.key)).to.deep.equal(['104']);
      expect(plan.invalid).to.deep.equal([
        { type: 'users', key: '101', field: 'email', reason: 'the same e-mail as employee 102' },
        { type: 'users', key: '102', field: 'email', reason: 'the same e-mail as employee 101' },
        {
          type: 'users',
          key: '103',
          field: 'emp_id',
          reason: 'employee number 103 appears in 2 source rows',
        },
        {
          type: 'users',
          key: '103',
          field: 'emp_id',
          reason: 'employee number 103 appears in 2 source rows',
        },
      ]);
    });

    it('an e-mail another SafetyAmp user already holds, unless this plan moves that user away from it', () => {
      const admin = { id: 'adm', emp_id: null, email: 'Ann.Lee@example.com', system_access: true };
      const taken = users(planRun(source(), syncedTenant({ users: [admin] }), settings()));
      expect(taken.invalid).to.deep.equal([
        {
          type: 'users',
          key: '101',
          field: 'email',
          reason: 'e-mail is already used by SafetyAmp user adm (no employee number)',
        },
      ]);
      const colleague = syncedUser({ id: 'u102', emp_id: '102', email: 'ann.lee@example.com' });
      const swap = users(
        planRun(
          source({ employees: [employee(), employee({ Employee: 102, Email: 'bob@example.com' })] }),
          withHomeOffice(syncedTenant({ users: [syncedUser({ email: 'old@example.com' }), colleague] })),
          settings(),
        ),
      );
      expect(swap.invalid).to.deep.equal([]);
      expect(swap.changes.map((c) => [c.key, c.payload.email])).to.deep.equal([
        ['101', 'ann.lee@example.com'],
        ['102', 'bob@example.com'],
      ]);
    });

    it('do not stop the others (the original aborted after 10 failures in a row)', () => {
      const employees = Array.from({ length: 12 }, (_, i) => employee({ Employee: 200 + i, Email: null }));
      employees.push(employee({ Employee: 300, Email: 'ok@example.com' }));
      const plan = planUsers(source({ employees }));
      expect(plan.invalid).to.have.length(12);
      expect(plan.changes.map((c) => c.key)).to.deep.equal(['300']);
    });

    it('a user whose title record is itself invalid', () => {
      const plan = users(
        planRun(source({ employees: [employee({ udEmpTitle: 'T'.repeat(300) })] }), tenant(), settings()),
      );
      expect(plan.invalid[0]).to.include({ key: '101', field: 'current_title_id' });
      expect(plan.invalid[0]?.reason).to.match(/is not in SafetyAmp and is not created by this run$/);
    });
  });

  it('adopts by emp_id, preferring the active one of several, and warns', () => {
    const current = syncedTenant({
      users: [syncedUser({ id: 'a1', system_access: false }), syncedUser({ id: 'b2', emp_id: ' 101 ' })],
    });
    const plan = users(planRun(source(), current, settings()));
    expect(plan.keyIndex).to.deep.equal({ '101': 'b2' });
    expect(plan.changes).to.deep.equal([]);
    expect(plan.warnings[0]).to.deep.equal({
      type: 'users',
      key: '101',
      field: 'id',
      reason: 'SafetyAmp holds 2 users with this key; the fleet keeps b2',
    });
  });
});

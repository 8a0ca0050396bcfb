import { expect } from 'chai';
import type { Database } from 'better-sqlite3';
import { startVistaSimulator, type VistaSimulator } from '../../apps/simulators/vista/server.js';
import { planRun } from '../../libs/domain/index.js';
import type { RunPlan, SourceSnapshot, VistaEmployeeRow, VistaJobRow } from '../../libs/domain/index.js';
import { createVistaReader } from '../../libs/sources/vista/reader.js';
import type { VistaReader } from '../../libs/sources/vista/types.js';
import { settings } from '../libs/domain/fixtures.js';
import {
  FIXTURE_AS_OF,
  createVistaFixtureFile,
  insertRows,
  readerOptionsFor,
  type VistaFixtureFile,
} from '../support/vista-fixture.js';
import { HOSTILE_TEXTS, sentForm, type HostileText } from './hostile-text.js';
import { startSafetyAmp, type SafetyAmpUnderTest } from './safetyamp-write.js';

/** A lone surrogate cannot be stored as UTF-8 (SQLite, SQL Server's UTF-8 collations): it never reaches Vista. */
const STORABLE = HOSTILE_TEXTS.filter((h) => !h.value.includes('\uD800'));
/** The simulator sends at most 8,000 bytes of a value (a real varchar(30) holds 30). */
const TDS_MAX = 8000;
const employeeNumber = (i: number) => 2000 + i;
const jobNumber = (i: number) => `9${String(i).padStart(3, '0')}.`;

function baseEmployee(Employee: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    PRCo: 1,
    Employee,
    FirstName: 'Ann',
    LastName: 'Lee',
    Sex: 'F',
    PRDept: '01',
    Email: `e${String(Employee)}@example.com`.replace(/[^a-z0-9.@]/gi, ''),
    udEmpTitle: 'Electrician',
    BirthDate: '1980-05-02 00:00:00',
    HireDate: '2020-01-06 00:00:00',
    Phone: '225-555-0134',
    Address: '1 Main St',
    City: 'Sulphur',
    State: 'LA',
    Zip: '70663',
    ...extra,
  };
}

function fillHostileVista(db: Database): void {
  insertRows(db, 'bPRDP', [{ PRCo: 1, PRDept: '01', Description: 'Electrical', udRegion: 'Lake Charles' }]);
  insertRows(db, 'bJCCM', [{ JCCo: 1, Contract: 'C1.', Department: '01' }]);
  const job = (Job: string, Description: unknown) => ({
    JCCo: 1,
    Job,
    Description,
    Contract: 'C1.',
    JobStatus: 1,
    ShipAddress: '100 Refinery Rd',
    ShipCity: 'Sulphur',
    ShipState: 'LA',
    ShipZip: '70663',
  });
  insertRows(db, 'bJCJM', [
    job('12345.', 'Plant A'),
    ...STORABLE.map((h, i) => job(jobNumber(i), h.value)),
    // Duplicate keys: the same job number but for a trailing space (varchar keys are not trimmed by the index).
    job('77777.', 'Twin one'),
    job('77777. ', 'Twin two'),
  ]);
  insertRows(db, 'bPREH', [
    ...STORABLE.map((h, i) => baseEmployee(employeeNumber(i), { FirstName: h.value })),
    // Rows whose types are wrong: the simulator sends these columns as sql_variant, each value as stored.
    baseEmployee('abc'),
    baseEmployee(1.5),
    baseEmployee(99_999_999_999),
    baseEmployee(3001, { BirthDate: '2023-02-30 00:00:00' }),
    baseEmployee(3002, { BirthDate: '1600-01-01 00:00:00' }),
    baseEmployee(3003, { BirthDate: 12345 }),
    baseEmployee(3004, { HireDate: 'yesterday' }),
    baseEmployee(3005, { Sex: 'X', Zip: '7O663', FirstName: '42' }),
    // Nulls everywhere but the key and the hire date (the query wants one).
    {
      PRCo: 1,
      Employee: 3006,
      HireDate: '2020-01-06 00:00:00',
    },
    baseEmployee(3007, { Phone: '(225) 555-0134 ext. 12' }),
    baseEmployee(3008, { Phone: '555-0134' }),
  ]);
  const everyone = [
    ...STORABLE.map((_, i) => employeeNumber(i)),
    ...[99_999_999_999, 3001, 3002, 3003, 3004, 3005, 3007, 3008],
  ];
  insertRows(
    db,
    'bPRJC',
    everyone.map((Employee) => ({
      PRCo: 1,
      PREndDate: '2024-06-14 00:00:00',
      Job: '12345.',
      Employee,
      Class: 'J',
    })),
  );
}

describe('hostile: Vista rows through the TDS simulator, the real mssql driver and the planner', function () {
  this.timeout(120_000);
  let fixture: VistaFixtureFile;
  let simulator: VistaSimulator;
  let reader: VistaReader;
  let safetyamp: SafetyAmpUnderTest;
  let employees: VistaEmployeeRow[];
  let jobs: VistaJobRow[];
  let plan: RunPlan;

  before(async () => {
    fixture = createVistaFixtureFile(fillHostileVista);
    simulator = await startVistaSimulator({ dataFile: fixture.file });
    reader = createVistaReader(readerOptionsFor(simulator));
    safetyamp = await startSafetyAmp();
    employees = await reader.readEmployees();
    jobs = await reader.readJobs();
    const source: SourceSnapshot = {
      departments: await reader.readDepartments(),
      jobs,
      employees,
      recentJobs: await reader.readRecentJobs(FIXTURE_AS_OF),
      entraUsers: [],
      vehicles: [],
      drivers: [],
    };
    plan = planRun(source, await safetyamp.snapshot(), settings());
  });

  after(async () => {
    await reader?.close();
    await simulator?.close();
    await safetyamp?.close();
    fixture?.remove();
  });

  const expectedRead = (h: HostileText) => (h.value.length > TDS_MAX ? h.value.slice(0, TDS_MAX) : h.value);

  it('the reader hands every hostile value over exactly as Vista holds it (NUL, escapes, bidi, emoji)', () => {
    STORABLE.forEach((h, i) => {
      const row = employees.find((e) => e.Employee === employeeNumber(i));
      expect(row?.FirstName, h.name).to.equal(expectedRead(h));
      expect(jobs.find((j) => j.Job === jobNumber(i))?.Description, h.name).to.equal(expectedRead(h));
    });
  });

  it('the reader hands off-type values over as stored, for the domain to judge', () => {
    const byNumber = (n: unknown) => employees.find((e) => e.Employee === n);
    expect(byNumber('abc')).not.to.equal(undefined);
    expect(byNumber(1.5)).not.to.equal(undefined);
    expect(employees.map((e) => String(e.Employee))).to.include('99999999999');
    expect(byNumber(3001)?.BirthDate).to.equal('2023-02-30 00:00:00');
    expect(byNumber(3002)?.BirthDate).to.equal('1600-01-01 00:00:00');
    expect(byNumber(3003)?.BirthDate).to.equal(12345);
    expect(byNumber(3004)?.HireDate).to.equal('yesterday');
    expect(byNumber(3001)?.HireDate).to.be.instanceOf(Date);
  });

  for (const [kind, expectedOf] of [
    [
      'employee first name',
      (i: number) => ({
        type: 'users' as const,
        key: String(employeeNumber(i)),
        field: 'first_name',
        label: 'first name',
        sent: (v: string) => v,
      }),
    ],
    [
      'job description',
      (i: number) => ({
        type: 'sites' as const,
        key: jobNumber(i),
        field: 'name',
        label: 'name',
        sent: (v: string) => `${jobNumber(i)} - ${v}`,
      }),
    ],
  ] as const) {
    it(`each hostile ${kind}: the exact value planned, or an invalid record naming the field and the reason`, () => {
      STORABLE.forEach((h, i) => {
        const e = expectedOf(i);
        const entity = plan.entities[e.type]!;
        const change = entity.changes.find((c) => c.key === e.key);
        if (h.outcome === 'sent') {
          expect(change?.payload[e.field], h.name).to.equal(e.sent(sentForm(h.value)));
        } else {
          expect(change, h.name).to.equal(undefined);
          const reason = h.value.length > 255 ? 'is longer than 255 characters' : h.outcome;
          expect(
            entity.invalid.filter((r) => r.key === e.key),
            h.name,
          ).to.deep.equal([{ type: e.type, key: e.key, field: e.field, reason: `${e.label} ${reason}` }]);
        }
      });
    });
  }

  it('off-type rows, nulls and duplicate keys: invalid records with the field and the reason, or warnings', () => {
    const users = plan.entities.users!;
    const rowsOut = users.invalid.filter((r) => r.key.startsWith('row '));
    expect(rowsOut.map((r) => [r.field, r.reason])).to.deep.equal([
      ['emp_id', 'employee number is missing or not a whole number'],
      ['emp_id', 'employee number is missing or not a whole number'],
    ]);
    const warned = (key: string) =>
      users.warnings.filter((w) => w.key === key).map((w) => [w.field, w.reason]);
    expect(warned('3001')).to.deep.equal([['date_of_birth', 'date is not YYYY-MM-DD; left out']]);
    expect(warned('3002')).to.deep.equal([
      ['date_of_birth', 'date is outside the years 1901 to 2099; left out'],
    ]);
    expect(warned('3003')).to.deep.equal([['date_of_birth', 'date is not YYYY-MM-DD; left out']]);
    expect(warned('3004')).to.deep.equal([['current_hire_date', 'date is not YYYY-MM-DD; left out']]);
    expect(warned('3008')).to.deep.equal([['mobile_phone', 'phone is not a valid phone number; left out']]);
    const created = (key: string) => users.changes.find((c) => c.key === key)?.payload;
    expect(created('3001')).not.to.have.property('date_of_birth');
    expect(created('3005')).to.include({ first_name: '42' });
    expect(created('3005')).not.to.have.any.keys('gender', 'zip_code');
    expect(warned('3005')).to.deep.equal([
      ['gender', 'sex is neither male nor female; left out'],
      ['zip_code', 'zip is not a valid zip code; left out'],
    ]);
    expect(created('3007')).to.include({ mobile_phone: '+12255550134' });
    expect(created('99999999999')).to.include({ emp_id: '99999999999' });
    expect(users.invalid.filter((r) => r.key === '3006').map((r) => r.reason)).to.deep.equal([
      'no home site: no recent open job, and no department',
      'first name is required',
      'last name is required',
      'e-mail is required',
    ]);
    expect(plan.entities.sites!.invalid.filter((r) => r.key === '77777.')).to.deep.equal([
      {
        type: 'sites',
        key: '77777.',
        field: 'external_code',
        reason: 'job number 77777. appears in 2 source rows',
      },
      {
        type: 'sites',
        key: '77777.',
        field: 'external_code',
        reason: 'job number 77777. appears in 2 source rows',
      },
    ]);
  });

  it('SafetyAmp receives exactly the planned value of every sent record, and nothing of the invalid ones', async () => {
    const written = await safetyamp.writeCreates(plan, ['sites', 'users']);
    expect(written).to.be.greaterThan(STORABLE.length);
    const state = safetyamp.sim.state();
    STORABLE.forEach((h, i) => {
      const user = state.users?.find((u) => u.emp_id === String(employeeNumber(i)));
      const site = state.sites?.find((s) => s.external_code === jobNumber(i));
      if (h.outcome === 'sent') {
        expect(user?.first_name, h.name).to.equal(sentForm(h.value));
        expect(site?.name, h.name).to.equal(`${jobNumber(i)} - ${sentForm(h.value)}`);
      } else {
        expect(user, h.name).to.equal(undefined);
        expect(site, h.name).to.equal(undefined);
      }
    });
    for (const record of [...(state.users ?? []), ...(state.sites ?? [])]) {
      expect(JSON.stringify(record)).not.to.match(/\\u0000|\\u001b|\u202E|\u200B/);
    }
  });
});
